package app

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/medvirk/medvirk/internal/testdb"
	"github.com/medvirk/medvirk/store"
)

// lockedBuffer is a log sink that goroutines may share.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestClosingTimer closes the consultations of every municipality whose
// voting has ended, skips a round while another instance holds the lock,
// and stops with its context.
func TestClosingTimer(t *testing.T) {
	t.Parallel()
	st := testdb.New(t)
	ctx := context.Background()
	var logs lockedBuffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))

	var due []func() string // the status of each consultation due to close
	for _, slug := range []string{"nord", "sor"} {
		m, err := st.CreateMunicipality(ctx, store.NewMunicipality{Slug: slug, Name: slug, Country: "NO",
			DefaultLocale: "nb", EnabledLocales: []string{"nb"}, TimeZone: "Europe/Oslo"})
		if err != nil {
			t.Fatal(err)
		}
		official, err := st.CreateUser(ctx, m.ID, store.NewUser{Email: "saksbehandler@" + slug + ".example",
			PasswordHash: "h", Role: store.RoleOfficial})
		if err != nil {
			t.Fatal(err)
		}
		today := store.Today(time.UTC, time.Now())
		id, err := st.CreateConsultation(ctx, m.ID, official.ID, store.ConsultationInput{Title: store.Translations{"nb": "Frist"},
			InformationFrom: today.AddDate(0, 0, -10), VotingFrom: today.AddDate(0, 0, -5), VotingUntil: today.AddDate(0, 0, -2)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.CreateQuestion(ctx, m.ID, official.ID, id, store.QuestionInput{Kind: store.QuestionStatement,
			Prompt: store.Translations{"nb": "Ja?"}}); err != nil {
			t.Fatal(err)
		}
		if err := st.PublishConsultation(ctx, m.ID, official.ID, id); err != nil {
			t.Fatal(err)
		}
		due = append(due, func() string {
			c, err := st.ConsultationByID(ctx, m.ID, id)
			if err != nil {
				t.Fatal(err)
			}
			return c.Status
		})
	}

	// Another instance holds the lock: this one leaves the work to it.
	inside, release, held := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		_, err := st.WithAdvisoryLock(ctx, store.LockCloseDueConsultations, func(context.Context) error {
			close(inside)
			<-release
			return nil
		})
		held <- err
	}()
	<-inside
	closeDueJob.once(ctx, st, logger)
	close(release)
	if err := <-held; err != nil {
		t.Fatal(err)
	}
	for _, status := range due {
		if s := status(); s != store.ConsultationPublished {
			t.Fatalf("closed while another instance held the lock: %s", s)
		}
	}

	runCtx, stop := context.WithCancel(ctx)
	stopped := make(chan struct{})
	go func() {
		runJobs(runCtx, st, logger, 10*time.Millisecond, closeDueJob)
		close(stopped)
	}()
	deadline := time.Now().Add(10 * time.Second)
	for _, status := range due {
		for status() != store.ConsultationClosed {
			if time.Now().After(deadline) {
				t.Fatalf("not closed in time; log:\n%s", logs.String())
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	stop()
	select {
	case <-stopped:
	case <-time.After(5 * time.Second):
		t.Fatal("the timer does not stop with its context")
	}
	if out := logs.String(); strings.Contains(out, "level=ERROR") || strings.Count(out, `msg="closed voting"`) != 2 {
		t.Fatalf("log:\n%s", out)
	}
}
