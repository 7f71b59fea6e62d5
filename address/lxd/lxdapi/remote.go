package lxdapi

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gorilla/websocket"
)

// Credentials are the PEM blocks for talking to a remote daemon over HTTPS:
// the client's certificate and key (which the remote must trust), and the
// remote's own certificate, pinned, when it is not signed by a CA the
// system trusts.
type Credentials struct {
	ClientCert, ClientKey, ServerCert []byte
	// ServerCertFile is where ServerCert was read from, for messages.
	ServerCertFile string
}

// LoadCredentials reads the credentials the lxc client keeps for remote in
// its config directory dir: client.crt, client.key and servercerts/REMOTE.crt.
// A missing server certificate is not an error (the remote then needs a
// CA-signed one); a missing client key pair is.
func LoadCredentials(dir, remote string) (Credentials, error) {
	var cr Credentials
	var err error
	if cr.ClientCert, err = os.ReadFile(filepath.Join(dir, "client.crt")); err != nil {
		return cr, fmt.Errorf("client certificate: %w", err)
	}
	if cr.ClientKey, err = os.ReadFile(filepath.Join(dir, "client.key")); err != nil {
		return cr, fmt.Errorf("client key: %w", err)
	}
	file := filepath.Join(dir, "servercerts", remote+".crt")
	cr.ServerCert, err = os.ReadFile(file)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return cr, fmt.Errorf("server certificate of %s: %w", remote, err)
	}
	if err == nil {
		cr.ServerCertFile = file
	}
	return cr, nil
}

// errCertMismatch is the TLS failure when the remote's certificate is not
// the pinned one.
var errCertMismatch = errors.New("the server's certificate does not match the certificate stored for it")

// ErrUntrusted is wrapped by the error of a remote daemon that answered
// but does not trust the client's certificate: LXD then answers GET /1.0
// with "auth": "untrusted" (no TLS error) and refuses everything else. It
// wraps ErrUnreachable, since nothing can be done there.
var ErrUntrusted = fmt.Errorf("%w: the server does not trust this client's certificate", ErrUnreachable)

// IsCertMismatch reports whether err is a TLS failure because the server
// presented another certificate than the one stored for it.
func IsCertMismatch(err error) bool { return errors.Is(err, errCertMismatch) }

// NewRemote returns a client for the daemon at an https:// address such as
// "https://10.0.0.5:8443", authenticating with the client certificate in
// cred. When cred.ServerCert is set the server must present exactly that
// certificate (as lxc does after "lxc remote add"); otherwise the system's
// CAs verify it.
func NewRemote(addr string, cred Credentials, opts *Options) (*Client, error) {
	u, err := url.Parse(addr)
	if err != nil || u.Scheme != "https" || u.Host == "" {
		return nil, fmt.Errorf("remote address %q is not an https:// URL", addr)
	}
	host := u.Host
	if u.Port() == "" {
		host = net.JoinHostPort(u.Hostname(), "8443")
	}
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if len(cred.ClientCert) > 0 || len(cred.ClientKey) > 0 {
		pair, err := tls.X509KeyPair(cred.ClientCert, cred.ClientKey)
		if err != nil {
			return nil, fmt.Errorf("client certificate for %s: %w", addr, err)
		}
		cfg.Certificates = []tls.Certificate{pair}
	}
	if len(cred.ServerCert) > 0 {
		block, _ := pem.Decode(cred.ServerCert)
		if block == nil || block.Type != "CERTIFICATE" {
			return nil, fmt.Errorf("server certificate for %s is not a PEM certificate", addr)
		}
		if _, err := x509.ParseCertificate(block.Bytes); err != nil {
			return nil, fmt.Errorf("server certificate for %s: %w", addr, err)
		}
		pinned := block.Bytes
		mismatch := errCertMismatch
		if cred.ServerCertFile != "" {
			mismatch = fmt.Errorf("%w (%s); if the server was set up anew, remove the remote and add it again", errCertMismatch, cred.ServerCertFile)
		}
		// Pinning replaces chain and name checks: the daemon's
		// certificate is self-signed and often lacks the address.
		// The check is not skipped: VerifyPeerCertificate does it.
		cfg.InsecureSkipVerify = true
		cfg.VerifyPeerCertificate = func(raw [][]byte, _ [][]*x509.Certificate) error {
			if len(raw) == 0 || !bytes.Equal(raw[0], pinned) {
				return mismatch
			}
			return nil
		}
	}
	dialer := &net.Dialer{Timeout: opts.dialTimeout()}
	tr := &http.Transport{
		DialContext:         dialer.DialContext,
		TLSClientConfig:     cfg,
		TLSHandshakeTimeout: opts.dialTimeout(),
		MaxIdleConns:        64,
		MaxIdleConnsPerHost: 64,
		IdleConnTimeout:     90 * time.Second,
		Proxy:               http.ProxyFromEnvironment,
	}
	base := "https://" + host + strings.TrimSuffix(u.Path, "/")
	c := newClient(&http.Client{Transport: withAgent(tr, opts)}, base, base, opts)
	c.setWebsocket(&websocket.Dialer{NetDialContext: dialer.DialContext, TLSClientConfig: cfg,
		HandshakeTimeout: opts.dialTimeout(), Proxy: http.ProxyFromEnvironment},
		"wss://"+host+strings.TrimSuffix(u.Path, "/"), opts)
	return c, nil
}

// isTLSFailure reports whether err is a failed TLS handshake: the remote
// is there but is not the daemon we trust, or does not trust us.
func isTLSFailure(err error) bool {
	var verr *tls.CertificateVerificationError
	var aerr tls.AlertError
	var rerr tls.RecordHeaderError
	return errors.Is(err, errCertMismatch) || errors.As(err, &verr) || errors.As(err, &aerr) || errors.As(err, &rerr)
}
