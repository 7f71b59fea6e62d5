package lxd

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"sync"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
)

// localRemote is the remote name of the daemon on this host's unix socket,
// as in the lxc client.
const localRemote = "local"

// shared is what an Env and all its views share: the settings, the lxc
// configuration, one client per remote (with its connections), the
// caches, and the connection that connect chose for later commands.
type shared struct {
	cfg       Config
	mu        sync.Mutex
	lxcConfig *lxdapi.Config            // the lxc client's remotes, read on first use
	files     *http.Client              // for readGuestFile, made on first use
	cpus      map[string][]int          // each remote's online CPUs; see serverCPUs
	clients   map[string]*lxdapi.Client // by remote name; only reachable, trusted ones
	servers   map[string]*lxdapi.Server // GET /1.0 of each remote in clients
	tars      tarCache                  // each instance's tar, probed once (guesttar.go)
	refills   refills                   // background refills of warm pools (pool_make.go)

	// The connection later commands use: set by connect, first from
	// Config.Remote and Config.Project. remote "" means not chosen yet.
	remote, project string
}

// on returns the view that one command uses: the shared state with the
// client for remote (a name in the lxc configuration; "" means the connection
// chosen by connect) and project ("" means the remote's default project,
// or with remote "" the project chosen by connect). The first use of a
// remote connects and, over HTTPS, checks that the server trusts us.
func (e *shared) on(ctx context.Context, remote, project string) (*view, error) {
	if remote == "" {
		e.mu.Lock()
		cur, curProject := e.remote, e.project
		e.mu.Unlock()
		if cur == "" {
			cur, curProject = e.initialRemote(), e.cfg.Project
		}
		remote = cur
		if project == "" {
			project = curProject
		}
	}
	c, err := e.remoteClient(ctx, remote)
	if err != nil {
		return nil, err
	}
	if project != "" {
		c = c.WithProject(project)
	}
	return &view{shared: e, client: c, remoteName: remote}, nil
}

// initialRemote is the remote before any connect: Config.Remote, else the
// local daemon when Config.Socket names its socket, else the lxc client's
// default-remote (itself "local" unless configured).
func (e *shared) initialRemote() string {
	if e.cfg.Remote != "" {
		return e.cfg.Remote
	}
	if e.cfg.Socket != "" {
		return localRemote
	}
	if cfg, err := e.lxcConf(); err == nil && cfg.DefaultRemote != "" {
		return cfg.DefaultRemote
	}
	return localRemote
}

// lxcConf returns the lxc client configuration, read once.
func (e *shared) lxcConf() (*lxdapi.Config, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.lxcConfig == nil {
		cfg, err := lxdapi.LoadConfig()
		if err != nil {
			return nil, err
		}
		e.lxcConfig = cfg
	}
	return e.lxcConfig, nil
}

// remoteClient returns the client for the remote called name, making it on
// first use. The local daemon (Config.Socket, or the remote's unix socket)
// needs no check. A daemon over HTTPS is asked for GET /1.0 at once: it
// must answer, present the certificate stored for it, and trust our client
// certificate; otherwise the error says which and how to fix it, and
// nothing is kept, so a later command tries again.
func (e *shared) remoteClient(ctx context.Context, name string) (*lxdapi.Client, error) {
	e.mu.Lock()
	c := e.clients[name]
	e.mu.Unlock()
	if c != nil {
		return c, nil
	}
	opts := e.clientOptions()
	cfg, cfgErr := e.lxcConf()
	switch {
	case name == localRemote && (e.cfg.Socket != "" || cfgErr != nil):
		// The socket given to rexxlxd wins; and a broken lxc
		// configuration must not keep a script from the local daemon.
		c = lxdapi.NewUnix(e.cfg.Socket, opts)
		if cfgErr == nil {
			if r, ok := cfg.Remote(localRemote); ok && r.Project != "" {
				c = c.WithProject(r.Project)
			}
		}
	case cfgErr != nil:
		return nil, fmt.Errorf("remote %s: %w", name, cfgErr)
	default:
		var err error
		if c, err = cfg.Connect(name, opts); err != nil {
			msg := err.Error()
			if _, known := cfg.Remote(name); known {
				msg = "remote " + name + ": " + msg // e.g. no client certificate
			}
			return nil, &UsageError{Msg: msg}
		}
		if r, _ := cfg.Remote(name); !strings.HasPrefix(r.Addr, "unix:") {
			s, err := c.GetServer(ctx)
			if err != nil {
				return nil, explainTLS(cfg, name, err)
			}
			if s.Auth != "trusted" {
				return nil, fmt.Errorf("remote %s (%s): %w; the client certificate %s is not trusted there: on the server run \"lxc config trust add\" with that certificate, or add the remote with a trust token (\"lxc remote add %s TOKEN\")",
					name, c.Addr(), lxdapi.ErrUntrusted, filepath.Join(cfg.Dir, "client.crt"), name)
			}
			e.mu.Lock()
			if e.servers == nil {
				e.servers = map[string]*lxdapi.Server{}
			}
			e.servers[name] = s
			e.mu.Unlock()
		}
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if old := e.clients[name]; old != nil {
		return old, nil // another command made it meanwhile
	}
	if e.clients == nil {
		e.clients = map[string]*lxdapi.Client{}
	}
	e.clients[name] = c
	return c, nil
}

// clientOptions are the settings of every client an Env makes.
func (e *shared) clientOptions() *lxdapi.Options {
	return &lxdapi.Options{UserAgent: "rexxlxd", ResponseTimeout: e.cfg.ResponseTimeout}
}

// explainTLS adds to a failed first request to a remote what the user can
// do about a certificate the server presented that we do not accept.
func explainTLS(cfg *lxdapi.Config, name string, err error) error {
	var verr *tls.CertificateVerificationError
	switch {
	case lxdapi.IsCertMismatch(err):
		return fmt.Errorf("remote %s: %w", name, err)
	case errors.As(err, &verr):
		return fmt.Errorf("remote %s: %w; no certificate is stored for it (%s) and the system's roots do not vouch for the server's: add the remote with \"lxc remote add\", which stores it",
			name, err, filepath.Join(cfg.Dir, "servercerts", name+".crt"))
	}
	return fmt.Errorf("remote %s: %w", name, err)
}

// remoteLabel is RESULT.REMOTE of a view.
func (e *view) remoteLabel() string {
	if e.remoteName == "" {
		return localRemote
	}
	return e.remoteName
}

// clustered reports whether the view's server is a cluster member. It is
// known for HTTPS remotes from their first GET /1.0; for the local daemon
// it costs one request per Env.
func (e *view) clustered(ctx context.Context) (bool, error) {
	e.mu.Lock()
	s := e.servers[e.remoteLabel()]
	e.mu.Unlock()
	if s == nil {
		var err error
		if s, err = e.lxd().GetServer(ctx); err != nil {
			return false, err
		}
		e.mu.Lock()
		if e.servers == nil {
			e.servers = map[string]*lxdapi.Server{}
		}
		e.servers[e.remoteLabel()] = s
		e.mu.Unlock()
	}
	return s.Environment.ServerClustered, nil
}

// splitWhere takes the keys remote= and project= out of a command's
// arguments: on any command but connect they choose the remote and
// project of that one command.
func splitWhere(c *command, args []arg) (rest []arg, remote, project string, err error) {
	if c.name == "connect" {
		return args, "", "", nil
	}
	seen := map[string]bool{}
	for _, a := range args {
		if a.Key != "remote" && a.Key != "project" {
			rest = append(rest, a)
			continue
		}
		if seen[a.Key] {
			return nil, "", "", &UsageError{c.name, fmt.Sprintf("key %s= given twice", a.Key)}
		}
		seen[a.Key] = true
		if a.Value == "" {
			return nil, "", "", &UsageError{c.name, fmt.Sprintf("%s= is empty; give a %s name", a.Key, a.Key)}
		}
		if strings.IndexByte(a.Value, 0) >= 0 { // see checkValues
			return nil, "", "", &UsageError{c.name, fmt.Sprintf("%s= holds a NUL character, which LXD cannot be given", a.Key)}
		}
		if a.Key == "remote" {
			remote = a.Value
		} else {
			project = a.Value
		}
	}
	return rest, remote, project, nil
}

// connect chooses the remote and project of later commands: connect
// [remote=NAME] [project=P]. Without remote= it is the local daemon; the
// project is the remote's default one unless project= names another.
// The remote is reached (and over HTTPS its trust checked) before the
// choice is made, so a failing connect leaves the old one in place.
//
// RESULT fields: REMOTE, PROJECT, ADDRESS (the socket path or URL),
// CLUSTER (1 when the server is a cluster member).
func (e *view) connect(ctx context.Context, args cmdArgs, res *result) error {
	remote, project := args["remote"], args["project"]
	for _, k := range []string{"remote", "project"} {
		if v, ok := args[k]; ok && v == "" {
			return &UsageError{Msg: fmt.Sprintf("%s= is empty; give a %s name", k, k)}
		}
	}
	if remote == "" {
		remote = localRemote
	}
	v, err := e.on(ctx, remote, project)
	if err == nil {
		err = v.checkProject(ctx)
	}
	if err != nil {
		return err
	}
	clustered, err := v.clustered(ctx)
	if err != nil {
		return err
	}
	e.mu.Lock()
	e.remote, e.project = remote, v.lxd().Project()
	e.mu.Unlock()
	res.set("REMOTE", remote)
	res.set("PROJECT", v.lxd().Project())
	res.set("ADDRESS", v.lxd().Addr())
	res.set("CLUSTER", boolString(clustered))
	res.output = fmt.Sprintf("connected to %s (%s), project %s", remote, v.lxd().Addr(), v.lxd().Project())
	return nil
}
