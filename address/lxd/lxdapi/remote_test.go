package lxdapi

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// selfSigned returns a PEM certificate and key, as "lxc remote add" and
// LXD generate them.
func selfSigned(t *testing.T, cn string) (certPEM, keyPEM []byte) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: cn},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kb, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb})
}

// tlsDaemon is an HTTPS server that answers GET /1.0 with auth "trusted"
// only for the client certificate fingerprint trusted.
func tlsDaemon(t *testing.T, trusted string) (*httptest.Server, []byte) {
	t.Helper()
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth := "untrusted"
		if len(r.TLS.PeerCertificates) > 0 {
			sum := sha256.Sum256(r.TLS.PeerCertificates[0].Raw)
			if hex.EncodeToString(sum[:]) == trusted {
				auth = "trusted"
			}
		}
		sync200(w, map[string]any{"api_version": "1.0", "auth": auth})
	}))
	srv.TLS = &tls.Config{ClientAuth: tls.RequestClientCert}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
}

func fingerprint(t *testing.T, certPEM []byte) string {
	block, _ := pem.Decode(certPEM)
	sum := sha256.Sum256(block.Bytes)
	return hex.EncodeToString(sum[:])
}

func TestRemoteHTTPSPinned(t *testing.T) {
	cert, key := selfSigned(t, "rexxlxd-test-client")
	srv, serverPEM := tlsDaemon(t, fingerprint(t, cert))

	c, err := NewRemote(srv.URL, Credentials{ClientCert: cert, ClientKey: key, ServerCert: serverPEM}, nil)
	if err != nil {
		t.Fatal(err)
	}
	s, err := c.GetServer(ctx5(t))
	if err != nil {
		t.Fatal(err)
	}
	if s.Auth != "trusted" {
		t.Fatalf("auth %q: the client certificate was not presented", s.Auth)
	}

	// Another server certificate than the pinned one is refused.
	other, _ := selfSigned(t, "someone-else")
	c, err = NewRemote(srv.URL, Credentials{ClientCert: cert, ClientKey: key, ServerCert: other}, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetServer(ctx5(t))
	if !errors.Is(err, ErrUnreachable) || !strings.Contains(err.Error(), "does not match") {
		t.Fatalf("wrong server certificate: %v", err)
	}

	// Without a pinned certificate the system CAs reject the self-signed one.
	c, err = NewRemote(srv.URL, Credentials{ClientCert: cert, ClientKey: key}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetServer(ctx5(t)); !errors.Is(err, ErrUnreachable) {
		t.Fatalf("unpinned self-signed server: %v", err)
	}
}

func TestNewRemoteErrors(t *testing.T) {
	cert, key := selfSigned(t, "c")
	for _, addr := range []string{"http://x:8443", "x:8443", "https://", "unix:///x"} {
		if _, err := NewRemote(addr, Credentials{}, nil); err == nil {
			t.Errorf("%q accepted", addr)
		}
	}
	if _, err := NewRemote("https://x", Credentials{ClientCert: cert, ClientKey: []byte("junk")}, nil); err == nil {
		t.Error("bad key accepted")
	}
	if _, err := NewRemote("https://x", Credentials{ServerCert: []byte("junk")}, nil); err == nil {
		t.Error("bad server certificate accepted")
	}
	c, err := NewRemote("https://10.1.2.3", Credentials{ClientCert: cert, ClientKey: key}, nil)
	if err != nil || c.Addr() != "https://10.1.2.3:8443" {
		t.Fatalf("default port: %v %v", err, c.Addr())
	}
}

func TestLoadCredentials(t *testing.T) {
	dir := t.TempDir()
	if _, err := LoadCredentials(dir, "lab"); err == nil {
		t.Fatal("no client.crt accepted")
	}
	cert, key := selfSigned(t, "c")
	os.WriteFile(filepath.Join(dir, "client.crt"), cert, 0o600)
	os.WriteFile(filepath.Join(dir, "client.key"), key, 0o600)
	cr, err := LoadCredentials(dir, "lab")
	if err != nil || string(cr.ClientCert) != string(cert) || cr.ServerCert != nil {
		t.Fatalf("without server cert: %v %+v", err, cr)
	}
	os.MkdirAll(filepath.Join(dir, "servercerts"), 0o700)
	os.WriteFile(filepath.Join(dir, "servercerts", "lab.crt"), cert, 0o600)
	cr, err = LoadCredentials(dir, "lab")
	if err != nil || string(cr.ServerCert) != string(cert) {
		t.Fatalf("with server cert: %v", err)
	}
}
