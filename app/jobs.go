package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/medvirk/medvirk/store"
)

// job is work done for every municipality now and then by one instance at a
// time: each round takes the job's PostgreSQL advisory lock, and an instance
// that finds it taken skips the round, since another instance is at it.
type job struct {
	name string // for the log
	lock int64  // advisory lock key, one per job (store/locks.go)
	// each does the job for one municipality and returns how many things it
	// did (logged as done when more than zero).
	each func(ctx context.Context, st *store.Store, m *store.Municipality) (int, error)
	done string // log message when each did something
	unit string // log key for the count
}

// scheduledJobs are the jobs Run starts, every minute.
var scheduledJobs = []job{closeDueJob, meetingRemindersJob}

// closeDueJob closes voting on every consultation whose last voting day has
// passed.
var closeDueJob = job{
	name: "close consultations due",
	lock: store.LockCloseDueConsultations,
	each: func(ctx context.Context, st *store.Store, m *store.Municipality) (int, error) {
		return st.CloseDueConsultations(ctx, m.ID)
	},
	done: "closed voting",
	unit: "consultations",
}

// meetingRemindersJob notifies the residents registered for a meeting that
// starts within a day, once per meeting.
var meetingRemindersJob = job{
	name: "send meeting reminders",
	lock: store.LockMeetingReminders,
	each: func(ctx context.Context, st *store.Store, m *store.Municipality) (int, error) {
		return st.SendMeetingReminders(ctx, m.ID)
	},
	done: "sent meeting reminders",
	unit: "meetings",
}

// runJobs runs each job now and then every interval, until ctx ends.
func runJobs(ctx context.Context, st *store.Store, logger *slog.Logger, interval time.Duration, jobs ...job) {
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	for {
		for _, j := range jobs {
			if ctx.Err() != nil {
				return
			}
			j.once(ctx, st, logger)
		}
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}

// once runs one round of the job, unless another instance holds its lock,
// and logs what it did and what failed. It reports whether it ran.
func (j job) once(ctx context.Context, st *store.Store, logger *slog.Logger) bool {
	ran, err := st.WithAdvisoryLock(ctx, j.lock, func(ctx context.Context) error {
		municipalities, err := st.Municipalities(ctx)
		if err != nil {
			return err
		}
		var errs []error
		for _, m := range municipalities {
			n, err := j.each(ctx, st, &m)
			if err != nil {
				errs = append(errs, fmt.Errorf("municipality %s: %w", m.Slug, err))
			}
			if n > 0 {
				logger.Info(j.done, "municipality", m.Slug, j.unit, n)
			}
		}
		return errors.Join(errs...)
	})
	switch {
	case err != nil && ctx.Err() == nil:
		logger.Error(j.name, "err", err)
	case err != nil:
	case !ran:
		logger.Debug(j.name + ": another instance is at it")
	default:
		logger.Debug(j.name + ": round done")
	}
	return ran
}
