package app_test

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/alexedwards/argon2id"

	"github.com/medvirk/medvirk/internal/testdb"
	"github.com/medvirk/medvirk/store"
)

// The ballot benchmark: residents change their vote in a consultation over
// HTTP, and scripts/bench-ballots.sh runs the same SQL through pgbench on the
// same data at the same concurrency (see docs/BENCHMARKS.md).
const (
	ballotBenchResidents = 200
	ballotBenchClients   = 8
	ballotBenchPassword  = "bench-password-123"
	ballotBenchHost      = "fjordvik.localhost"
)

// ballotBenchHash is a cheap argon2id hash of ballotBenchPassword, so that
// signing in 200 residents takes no time; the real cost of a sign-in is
// BenchmarkPasswordHash's and is not on the voting path.
var ballotBenchHash = sync.OnceValue(func() string {
	h, err := argon2id.CreateHash(ballotBenchPassword, &argon2id.Params{Memory: 1024, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32})
	if err != nil {
		panic(err)
	}
	return h
})

// ballotBench is the demo municipality with a published consultation in its
// voting phase (one single-choice question with three options) and residents
// with full profiles, each of whom has voted once already, so that what is
// measured is a resident changing their ballot.
type ballotBench struct {
	m            *store.Municipality
	consultation int64
	question     int64
	options      []int64
	residents    []int64 // user ids, in creation order
}

func ballotBenchEmail(i int) string { return fmt.Sprintf("voter%03d@fjordvik.example", i) }

// prepareBallotBench fills an empty, migrated database with the benchmark's data.
func prepareBallotBench(tb testing.TB, st *store.Store, residents int) *ballotBench {
	tb.Helper()
	ctx := context.Background()
	m, err := st.SeedDemo(ctx, ballotBenchHash())
	if err != nil {
		tb.Fatalf("seed demo: %v", err)
	}
	official, err := st.UserByEmail(ctx, m.ID, "official@fjordvik.example")
	if err != nil {
		tb.Fatalf("demo official: %v", err)
	}
	areas, err := st.Areas(ctx, m.ID)
	if err != nil || len(areas) == 0 {
		tb.Fatalf("demo areas: %v %v", areas, err)
	}
	today := store.Today(m.Location(), time.Now())
	nb := func(s string) store.Translations { return store.Translations{"nb": s} }
	cid, err := st.CreateConsultation(ctx, m.ID, official.ID, store.ConsultationInput{
		Title: nb("Ny badeplass"), Summary: nb("Hvor skal den nye badeplassen ligge?"),
		InformationFrom: today.AddDate(0, 0, -10), VotingFrom: today.AddDate(0, 0, -2), VotingUntil: today.AddDate(0, 0, 5),
	})
	if err != nil {
		tb.Fatalf("create consultation: %v", err)
	}
	qid, err := st.CreateQuestion(ctx, m.ID, official.ID, cid, store.QuestionInput{
		Position: 1, Kind: store.QuestionSingle, Prompt: nb("Hvor?"), MinChoices: 1,
		Options: []store.OptionInput{{Label: nb("Nordstranda")}, {Label: nb("Kaia")}, {Label: nb("Holmen")}},
	})
	if err != nil {
		tb.Fatalf("create question: %v", err)
	}
	if err := st.PublishConsultation(ctx, m.ID, official.ID, cid); err != nil {
		tb.Fatalf("publish: %v", err)
	}
	qs, err := st.Questions(ctx, m.ID, cid)
	if err != nil || len(qs) != 1 || len(qs[0].Options) != 3 {
		tb.Fatalf("questions: %v %v", qs, err)
	}
	f := &ballotBench{m: m, consultation: cid, question: qid}
	for _, o := range qs[0].Options {
		f.options = append(f.options, o.ID)
	}
	genders := []string{"female", "male"}
	for i := 0; i < residents; i++ {
		u, err := st.CreateUser(ctx, m.ID, store.NewUser{
			Email: ballotBenchEmail(i), PasswordHash: ballotBenchHash(), DisplayName: fmt.Sprintf("Velger %d", i),
			Role: store.RoleResident,
			Profile: store.Profile{
				AreaID:    sql.NullInt64{Int64: areas[i%len(areas)].ID, Valid: true},
				BirthYear: sql.NullInt32{Int32: int32(1940 + (i*7)%65), Valid: true},
				Gender:    sql.NullString{String: genders[i%2], Valid: true},
			},
		})
		if err != nil {
			tb.Fatalf("create resident %d: %v", i, err)
		}
		f.residents = append(f.residents, u.ID)
		if _, err := st.CastBallot(ctx, m.ID, []byte(testBallotKey), u.ID, cid, store.BallotInput{
			Choices: map[int64][]int64{qid: {f.options[i%3]}},
		}); err != nil {
			tb.Fatalf("first ballot of resident %d: %v", i, err)
		}
	}
	return f
}

// TestPrepareBallotBench prepares the pgbench side of the ballot benchmark
// when scripts/bench-ballots.sh asks for it (MEDVIRK_BALLOT_BENCH_URL names
// an empty database, MEDVIRK_BALLOT_BENCH_OUT a file for the ids the pgbench
// script needs). Otherwise it proves on a test database that the data is
// what both sides of the benchmark expect.
func TestPrepareBallotBench(t *testing.T) {
	ctx := context.Background()
	target := os.Getenv("MEDVIRK_BALLOT_BENCH_URL")
	if target == "" {
		t.Parallel()
		st := testdb.New(t)
		f := prepareBallotBench(t, st, 5)
		for _, uid := range f.residents {
			voted, err := st.HasVoted(ctx, f.m.ID, []byte(testBallotKey), uid, f.consultation)
			if err != nil || !voted {
				t.Fatalf("resident %d has no ballot (%v)", uid, err)
			}
		}
		c, err := st.ConsultationByID(ctx, f.m.ID, f.consultation)
		if err != nil {
			t.Fatal(err)
		}
		if phase := c.Phase(store.Today(f.m.Location(), time.Now())); phase != store.PhaseVoting || c.Ballots != 5 {
			t.Fatalf("consultation in phase %s with %d ballots, want voting with 5", phase, c.Ballots)
		}
		return
	}
	st, err := store.Open(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	migrator, err := store.NewMigrator(st.DB())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := migrator.Up(ctx); err != nil {
		t.Fatal(err)
	}
	f := prepareBallotBench(t, st, ballotBenchResidents)
	// The pgbench script derives user and option ids by adding to the first.
	for i, id := range f.residents {
		if id != f.residents[0]+int64(i) {
			t.Fatalf("resident ids are not consecutive: %v", f.residents)
		}
	}
	for i, id := range f.options {
		if id != f.options[0]+int64(i) {
			t.Fatalf("option ids are not consecutive: %v", f.options)
		}
	}
	vars := fmt.Sprintf("MUNICIPALITY=%d\nCONSULTATION=%d\nQUESTION=%d\nFIRST_OPTION=%d\nOPTIONS=%d\nFIRST_USER=%d\nRESIDENTS=%d\nCLIENTS=%d\nBALLOT_KEY=%s\n",
		f.m.ID, f.consultation, f.question, f.options[0], len(f.options), f.residents[0], len(f.residents), ballotBenchClients, testBallotKey)
	if out := os.Getenv("MEDVIRK_BALLOT_BENCH_OUT"); out != "" {
		if err := os.WriteFile(out, []byte(vars), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// ballotVoter is a signed-in resident as a browser holds them: cookies and
// the CSRF token of the page they are on.
type ballotVoter struct {
	cookies map[string]string
	csrf    string
}

// ballotHTTP sends requests to the real server over TCP, without following
// redirects.
type ballotHTTP struct {
	client *http.Client
	base   string
}

func (h *ballotHTTP) do(v *ballotVoter, method, path string, form url.Values) (int, string, error) {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, h.base+path, body)
	if err != nil {
		return 0, "", err
	}
	req.Host = ballotBenchHost
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for name, value := range v.cookies {
		req.AddCookie(&http.Cookie{Name: name, Value: value})
	}
	resp, err := h.client.Do(req)
	if err != nil {
		return 0, "", fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, "", fmt.Errorf("%s %s: read body: %w", method, path, err)
	}
	for _, ck := range resp.Cookies() {
		if ck.MaxAge < 0 || ck.Value == "" || (!ck.Expires.IsZero() && ck.Expires.Before(time.Now())) {
			delete(v.cookies, ck.Name)
		} else {
			v.cookies[ck.Name] = ck.Value
		}
	}
	return resp.StatusCode, string(b), nil
}

// page loads a page with a form and keeps its CSRF token.
func (h *ballotHTTP) page(v *ballotVoter, path string) error {
	status, body, err := h.do(v, http.MethodGet, path, nil)
	if err != nil {
		return err
	}
	m := csrfField.FindStringSubmatch(body)
	if status != http.StatusOK || m == nil {
		return fmt.Errorf("GET %s: status %d, CSRF token found: %v", path, status, m != nil)
	}
	v.csrf = m[1]
	return nil
}

// signIn signs resident i in through the sign-in form and opens a page, as
// a browser would, to get the session's CSRF token.
func (h *ballotHTTP) signIn(i int) (*ballotVoter, error) {
	v := &ballotVoter{cookies: map[string]string{}}
	if err := h.page(v, "/login"); err != nil {
		return nil, err
	}
	status, _, err := h.do(v, http.MethodPost, "/login", url.Values{
		"email": {ballotBenchEmail(i)}, "password": {ballotBenchPassword}, "_csrf": {v.csrf}})
	if err != nil {
		return nil, err
	}
	if status != http.StatusSeeOther {
		return nil, fmt.Errorf("sign in %s: status %d", ballotBenchEmail(i), status)
	}
	if err := h.page(v, "/account"); err != nil {
		return nil, err
	}
	return v, nil
}

// ballotBenchDB is a store for the ballot benchmarks with its connection
// pool set up as store.Open does in production, and a count of the
// statements it sends.
func ballotBenchDB(b *testing.B) (*store.Store, *atomic.Int64) {
	st, statements := testdb.Counting(b)
	st.DB().SetMaxOpenConns(20)
	st.DB().SetMaxIdleConns(10)
	return st, statements
}

// castBallots keeps ballotBenchClients clients casting ballots back to back
// for as long as the benchmark runs. Each client owns every
// ballotBenchClients-th resident and picks one of them and an option at
// random for every ballot, as the pgbench script does. It reports ballots/s,
// the mean time per ballot and the statements sent per ballot.
func castBallots(b *testing.B, f *ballotBench, statements *atomic.Int64, cast func(client, resident int, option int64) error) {
	jobs := make(chan struct{})
	var (
		workers  sync.WaitGroup
		done     atomic.Int64
		busy     atomic.Int64 // time spent waiting for a ballot, summed over clients
		failed   atomic.Bool
		firstErr atomic.Pointer[error]
	)
	for c := 0; c < ballotBenchClients; c++ {
		workers.Add(1)
		go func() {
			defer workers.Done()
			rng := rand.New(rand.NewPCG(uint64(c), 42))
			share := len(f.residents) / ballotBenchClients
			for range jobs {
				if failed.Load() {
					continue
				}
				start := time.Now()
				err := cast(c, c+ballotBenchClients*rng.IntN(share), f.options[rng.IntN(len(f.options))])
				busy.Add(int64(time.Since(start)))
				if err != nil {
					firstErr.CompareAndSwap(nil, &err)
					failed.Store(true)
					continue
				}
				done.Add(1)
			}
		}()
	}
	sent := statements.Load()
	start := time.Now()
	for b.Loop() {
		if failed.Load() {
			break
		}
		jobs <- struct{}{}
	}
	close(jobs)
	workers.Wait()
	elapsed := time.Since(start)
	if err := firstErr.Load(); err != nil {
		b.Fatal(*err)
	}
	n := done.Load()
	if n == 0 {
		b.Fatal("no ballot was cast")
	}
	b.ReportMetric(float64(n)/elapsed.Seconds(), "ballots/s")
	b.ReportMetric(float64(busy.Load())/float64(n)/1e6, "ms/ballot")
	b.ReportMetric(float64(statements.Load()-sent)/float64(n), "queries/ballot")
}

// BenchmarkCastBallotHTTP measures residents changing their ballot through
// the whole stack on a real TCP port: POST /consultations/{id}/vote with a
// session cookie and a CSRF token, answered by a redirect (303) to the
// receipt. ballots/s is the figure scripts/bench-ballots.sh compares with
// pgbench running the same SQL; queries/ballot does not count BEGIN and COMMIT.
func BenchmarkCastBallotHTTP(b *testing.B) {
	st, statements := ballotBenchDB(b)
	f := prepareBallotBench(b, st, ballotBenchResidents)
	a := newApp(b, st)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- a.Listener(ln) }()
	h := &ballotHTTP{
		base: "http://" + ln.Addr().String(),
		client: &http.Client{
			Transport: &http.Transport{MaxIdleConns: 2 * ballotBenchClients, MaxIdleConnsPerHost: 2 * ballotBenchClients},
			CheckRedirect: func(*http.Request, []*http.Request) error {
				return http.ErrUseLastResponse
			},
			Timeout: 30 * time.Second,
		},
	}
	b.Cleanup(func() {
		h.client.CloseIdleConnections()
		if err := a.ShutdownWithTimeout(5 * time.Second); err != nil {
			b.Errorf("shut down: %v", err)
		}
		<-served
	})

	// Sign everyone in, ballotBenchClients at a time.
	voters := make([]*ballotVoter, len(f.residents))
	var signIns sync.WaitGroup
	var signInErr atomic.Pointer[error]
	for c := 0; c < ballotBenchClients; c++ {
		signIns.Add(1)
		go func() {
			defer signIns.Done()
			for i := c; i < len(voters); i += ballotBenchClients {
				v, err := h.signIn(i)
				if err != nil {
					signInErr.CompareAndSwap(nil, &err)
					return
				}
				voters[i] = v
			}
		}()
	}
	signIns.Wait()
	if err := signInErr.Load(); err != nil {
		b.Fatal(*err)
	}

	action := "/consultations/" + strconv.FormatInt(f.consultation, 10) + "/vote"
	field := "q" + strconv.FormatInt(f.question, 10)
	castBallots(b, f, statements, func(_, resident int, option int64) error {
		v := voters[resident]
		status, body, err := h.do(v, http.MethodPost, action, url.Values{
			field: {strconv.FormatInt(option, 10)}, "_csrf": {v.csrf}})
		if err != nil {
			return err
		}
		if status != http.StatusSeeOther {
			if len(body) > 300 {
				body = body[:300]
			}
			return fmt.Errorf("POST %s: status %d, want 303 (body starts %q)", action, status, body)
		}
		return nil
	})
}

// BenchmarkCastBallotStore casts the same ballots as BenchmarkCastBallotHTTP
// by calling store.CastBallot directly: the Go and database/sql side of the
// SQL, without HTTP, sessions or CSRF.
func BenchmarkCastBallotStore(b *testing.B) {
	st, statements := ballotBenchDB(b)
	f := prepareBallotBench(b, st, ballotBenchResidents)
	ctx := context.Background()
	castBallots(b, f, statements, func(_, resident int, option int64) error {
		_, err := st.CastBallot(ctx, f.m.ID, []byte(testBallotKey), f.residents[resident], f.consultation,
			store.BallotInput{Choices: map[int64][]int64{f.question: {option}}})
		return err
	})
}
