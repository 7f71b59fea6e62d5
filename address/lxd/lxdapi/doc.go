// Package lxdapi is a small typed client for LXD's REST API 1.0, written for
// rexxlxd's ADDRESS LXD environment, its tests and its benchmarks.
//
// A Client owns an http.Client whose transport dials the daemon's unix
// socket (NewUnix) or a remote over HTTPS with client certificates
// (NewRemote). Every call takes a context.Context. Requests are layered:
// a raw HTTP request, the response envelope (sync, async or error), the
// decoded metadata, and for asynchronous calls an *Operation whose Wait
// blocks in the daemon (GET /1.0/operations/{id}/wait) rather than polling.
//
// Resources, one file each: the server (server.go), instances
// (instances.go), their state and state changes (state.go), exec
// (exec.go), files in instances (files.go: GET, POST and DELETE
// /1.0/instances/{name}/files with the X-LXD-* headers), snapshots
// (snapshots.go), images (images.go), storage pools and their space
// (storage.go), and the event stream (events.go: the /1.0/events
// websocket, for lifecycle changes and operation progress).
//
// Errors reported by the daemon are *Error values that keep the HTTP status,
// LXD's error_code and its text, so callers can tell "not found" (404) from
// "already exists" (409) with IsNotFound and IsConflict. A daemon that cannot
// be reached yields an error wrapping ErrUnreachable; a connection that
// breaks under a request, or an operation wait whose daemon went away,
// ErrConnectionLost (the outcome is unknown); a daemon that does not start
// to answer within Options.ResponseTimeout (operation waits excepted), or
// stops sending an answer it began for that long, ErrNoResponse.
//
// Error texts are written for the person who runs the script: they carry
// no "lxd: " package prefix, since the ADDRESS LXD layer puts the
// command's name first; an *Error reads "LXD: " and LXD's words (the
// request is in its fields), and an *UnreachableError names the address.
// Callers build their messages from these once and never edit them.
//
// The package never runs a shell or the lxc command.
package lxdapi
