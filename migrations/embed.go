// Package migrations holds the goose SQL migrations, embedded into the binary.
package migrations

import "embed"

// FS holds every NNNN_name.sql migration at its root, which is where goose looks.
//
//go:embed *.sql
var FS embed.FS
