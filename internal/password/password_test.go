package password

import (
	"strings"
	"testing"
)

func TestHashAndCheck(t *testing.T) {
	h, err := Hash("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$") {
		t.Fatalf("not an argon2id hash: %s", h)
	}
	if !Check("correct horse battery", h) {
		t.Error("the right password must match")
	}
	if Check("correct horse batterY", h) {
		t.Error("a wrong password must not match")
	}
	if Check("", "") || Check("x", "not a hash") {
		t.Error("an empty or malformed hash never matches")
	}
	h2, _ := Hash("correct horse battery")
	if h == h2 {
		t.Error("each hash has its own salt")
	}
}

func TestGenerate(t *testing.T) {
	a, b := Generate(), Generate()
	if len(a) < MinLength || a == b {
		t.Fatalf("generated passwords %q %q", a, b)
	}
}
