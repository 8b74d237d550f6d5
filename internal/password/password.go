// Package password hashes and checks passwords with argon2id.
package password

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"sync"

	"github.com/alexedwards/argon2id"
)

// MinLength is the shortest password accepted.
const MinLength = 10

// MaxLength bounds the work an attacker can make us do per attempt.
const MaxLength = 200

// params follow the RFC 9106 "second recommended option" with memory lowered
// to suit small servers: 64 MiB, 3 passes, parallelism 2.
var params = &argon2id.Params{Memory: 64 * 1024, Iterations: 3, Parallelism: 2, SaltLength: 16, KeyLength: 32}

// Hash returns an encoded argon2id hash of pw.
func Hash(pw string) (string, error) {
	h, err := argon2id.CreateHash(pw, params)
	if err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	return h, nil
}

// Check reports whether pw matches hash. An empty or malformed hash never matches.
func Check(pw, hash string) bool {
	if hash == "" {
		return false
	}
	ok, err := argon2id.ComparePasswordAndHash(pw, hash)
	return err == nil && ok
}

// dummyHash is compared against when an account does not exist, so that a
// login takes as long for an unknown email as for a wrong password.
var dummyHash = sync.OnceValue(func() string {
	h, _ := Hash("medvirk-timing-equaliser")
	return h
})

// CheckMissing spends the time of one Check for an account that does not exist.
func CheckMissing(pw string) { Check(pw, dummyHash()) }

// Generate returns a random password that satisfies MinLength.
func Generate() string {
	b := make([]byte, 15)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("read random bytes: %v", err))
	}
	return base64.RawURLEncoding.EncodeToString(b)
}
