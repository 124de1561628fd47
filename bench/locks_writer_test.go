package bench

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"

	"gorm.io/gorm/logger"

	"github.com/migragen/migragen/internal/corpus/corpustest"
)

// The writer of the lock-stall scenario: one connection inserting and
// updating rows of items, one autocommit statement at a time, as a busy
// application does, and timing each statement. A statement that waits
// for a lock the migration holds (or queues behind) shows up as a long
// one; the longest is the stall users would feel.

// Bounds of the writer, so that it cannot run on if the migration never
// returns: it stops at writerCap or after writerMaxStatements, whichever
// comes first, and then says it was capped.
const (
	writerCap           = 10 * time.Minute
	writerMaxStatements = 5_000_000
	// writerWarmup statements run before the migration starts, so that
	// the connection and its prepared statements are ready.
	writerWarmup = 20
)

// writerResult is what the writer saw while the migration ran.
type writerResult struct {
	statements int           // statements that ended after the migration began
	longest    time.Duration // the longest of them
	longestAt  time.Duration // when it started, from the migration's start
	// stalls are the statements among them that took slowThreshold or
	// more, in order.
	stalls  []span
	inserts int // rows the writer inserted in all, warm-up included
	capped  bool
	err     error
}

type writer struct {
	begun, done chan struct{}
	started     time.Time // set before begun is closed
	result      chan writerResult
	beginOnce   sync.Once
}

// startWriter starts the writer on its own connection of db and returns
// once it has run its warm-up statements. rows is the number of rows
// loaded into items, among which it picks the rows it updates; pause is
// its think time between statements.
func startWriter(ctx context.Context, db *sql.DB, d corpustest.Dialect, rows int, pause time.Duration) (*writer, error) {
	insert := "INSERT INTO items (maker_id, code, qty, name) VALUES (?, ?, ?, ?)"
	update := "UPDATE items SET qty = qty + 1 WHERE id = ?"
	if d == corpustest.PostgreSQL {
		insert = "INSERT INTO items (maker_id, code, qty, name) VALUES ($1, $2, $3, $4)"
		update = "UPDATE items SET qty = qty + 1 WHERE id = $1"
	}
	ctx, cancel := context.WithTimeout(ctx, writerCap)
	conn, err := db.Conn(ctx)
	if err != nil {
		cancel()
		return nil, err
	}
	w := &writer{begun: make(chan struct{}), done: make(chan struct{}), result: make(chan writerResult, 1)}
	warm := make(chan struct{})
	go func() {
		defer cancel()
		defer conn.Close()
		var res writerResult
		defer func() { w.result <- res }()
		for i := 0; ; i++ {
			if i == writerWarmup {
				close(warm)
			}
			select {
			case <-w.done:
				return
			default:
			}
			if i >= writerMaxStatements {
				res.capped = true
				return
			}
			var args []any
			query := insert
			if i%2 == 0 {
				args = []any{1 + i%lockMakers, fmt.Sprint("w", i), i % 1000, fmt.Sprint("writer ", i)}
			} else {
				query, args = update, []any{1 + (i*7919)%rows}
			}
			start := time.Now()
			_, err := conn.ExecContext(ctx, query, args...)
			took := time.Since(start)
			if err != nil {
				res.capped = errors.Is(ctx.Err(), context.DeadlineExceeded)
				if !res.capped {
					res.err = fmt.Errorf("%s %v: %w", query, args, err)
				}
				return
			}
			if query == insert {
				res.inserts++
			}
			select {
			case <-w.begun:
				res.statements++
				at := start.Sub(w.started)
				if took > res.longest {
					res.longest, res.longestAt = took, at
				}
				if took >= slowThreshold {
					res.stalls = append(res.stalls, span{at: at, took: took})
				}
			default:
			}
			time.Sleep(pause)
		}
	}()
	select {
	case <-warm:
		return w, nil
	case res := <-w.result:
		return nil, fmt.Errorf("the writer stopped during its warm-up: %v", res.err)
	}
}

// begin marks the start of the migration: from now on the writer's
// statements count.
func (w *writer) begin() {
	w.beginOnce.Do(func() {
		w.started = time.Now()
		close(w.begun)
	})
}

// stop lets the writer finish its statement and returns what it saw.
func (w *writer) stop() writerResult {
	close(w.done)
	return <-w.result
}

// span is a statement's start, from the migration's start, and its wall
// time.
type span struct{ at, took time.Duration }

// timedStatement is one statement a GORM session issued, when it began
// and its wall time.
type timedStatement struct {
	sql   string
	begin time.Time
	took  time.Duration
}

// statementTimer is a GORM logger that keeps every statement with its
// wall time, to show where a migration spends it.
type statementTimer struct {
	mu    sync.Mutex
	stmts []timedStatement
}

var _ logger.Interface = (*statementTimer)(nil)

func (s *statementTimer) LogMode(logger.LogLevel) logger.Interface { return s }
func (s *statementTimer) Info(context.Context, string, ...any)     {}
func (s *statementTimer) Warn(context.Context, string, ...any)     {}
func (s *statementTimer) Error(context.Context, string, ...any)    {}

func (s *statementTimer) Trace(_ context.Context, begin time.Time, fc func() (string, int64), _ error) {
	sql, _ := fc()
	took := time.Since(begin)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stmts = append(s.stmts, timedStatement{sql: sql, begin: begin, took: took})
}

func (s *statementTimer) reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stmts = nil
}

func (s *statementTimer) statements() []timedStatement {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]timedStatement(nil), s.stmts...)
}
