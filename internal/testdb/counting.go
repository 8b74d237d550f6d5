package testdb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"sync/atomic"
	"testing"

	"github.com/lib/pq"
	"github.com/peterldowns/pgtestdb"

	"github.com/medvirk/medvirk/store"
)

// pqConn is what lib/pq's connection implements and database/sql uses.
type pqConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.QueryerContext
	driver.ExecerContext
}

// countingConn counts the statements sent to the server.
type countingConn struct {
	pqConn
	n *atomic.Int64
}

func (c countingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	c.n.Add(1)
	return c.pqConn.QueryContext(ctx, query, args)
}

func (c countingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	c.n.Add(1)
	return c.pqConn.ExecContext(ctx, query, args)
}

type countingConnector struct {
	driver.Connector
	n *atomic.Int64
}

func (c countingConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return countingConn{pqConn: conn.(pqConn), n: c.n}, nil
}

// Counting returns a store on a fresh, migrated database and a counter of the
// statements it sends, to prove that a page's queries do not grow with data.
func Counting(t testing.TB) (*store.Store, *atomic.Int64) {
	t.Helper()
	conf := pgtestdb.Custom(t, Config(t), Migrator())
	connector, err := pq.NewConnector(conf.URL())
	if err != nil {
		t.Fatal(err)
	}
	n := new(atomic.Int64)
	db := sql.OpenDB(countingConnector{Connector: connector, n: n})
	t.Cleanup(func() { db.Close() })
	return store.New(db), n
}
