package views

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"path"
	"strings"
)

//go:embed static
var staticFS embed.FS

// Asset is a static file served under a name that carries its content hash,
// so browsers may cache it forever and still see every change.
type Asset struct {
	Body        []byte
	ContentType string
}

var (
	assetURLs   = map[string]string{} // "app.css" -> "/static/app.1a2b3c4d5e.css"
	assetByPath = map[string]*Asset{} // "app.1a2b3c4d5e.css" -> asset
)

func init() {
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "static/")
		sum := sha256.Sum256(body)
		ext := path.Ext(name)
		hashed := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:5]) + ext
		contentType := mime.TypeByExtension(ext)
		if contentType == "" {
			contentType = "application/octet-stream"
		}
		assetURLs[name] = "/static/" + hashed
		assetByPath[hashed] = &Asset{Body: body, ContentType: contentType}
		return nil
	})
	if err != nil {
		panic(fmt.Sprintf("index static assets: %v", err))
	}
}

// AssetURL returns the content-hashed URL of a static file.
func AssetURL(name string) (string, error) {
	u, ok := assetURLs[name]
	if !ok {
		return "", fmt.Errorf("no static asset %q", name)
	}
	return u, nil
}

// LookupAsset finds an asset by its hashed file name.
func LookupAsset(hashed string) (*Asset, bool) {
	a, ok := assetByPath[hashed]
	return a, ok
}
