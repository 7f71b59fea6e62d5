package lxdapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gorilla/websocket"
)

// Event is one message of the daemon's event stream (GET /1.0/events, a
// websocket).
type Event struct {
	// Type is "lifecycle", "operation" or "logging".
	Type      string          `json:"type"`
	Timestamp time.Time       `json:"timestamp"`
	Location  string          `json:"location"`
	Project   string          `json:"project"`
	Metadata  json.RawMessage `json:"metadata"`
}

// LifecycleEvent is the metadata of a "lifecycle" event, e.g. Action
// "instance-started" with Source "/1.0/instances/c1".
type LifecycleEvent struct {
	Action  string         `json:"action"`
	Source  string         `json:"source"`
	Context map[string]any `json:"context"`
}

// Lifecycle decodes the metadata of a lifecycle event.
func (ev *Event) Lifecycle() (*LifecycleEvent, error) {
	le := &LifecycleEvent{}
	if err := json.Unmarshal(ev.Metadata, le); err != nil {
		return nil, fmt.Errorf("decoding lifecycle event: %w", err)
	}
	return le, nil
}

// Operation decodes the metadata of an "operation" event: the operation
// as it is at that moment, its Metadata carrying progress such as
// "download_progress".
func (ev *Event) Operation() (*Operation, error) {
	op := &Operation{}
	if err := json.Unmarshal(ev.Metadata, op); err != nil {
		return nil, fmt.Errorf("decoding operation event: %w", err)
	}
	return op, nil
}

// EventListener receives the daemon's events; Next returns them in order.
// Subscribe before the action whose events you want, so none is missed.
type EventListener struct {
	conn *websocket.Conn
	ctx  context.Context
	stop func() bool
}

// Events subscribes to the daemon's events of the given types (none: all
// types). The listener ends when ctx is done or on Close.
func (c *Client) Events(ctx context.Context, types ...string) (*EventListener, error) {
	if c.ws == nil {
		return nil, fmt.Errorf("events: this client cannot open websockets")
	}
	q := url.Values{}
	if len(types) > 0 {
		q.Set("type", strings.Join(types, ","))
	}
	u := c.wsBase + strings.TrimPrefix(c.url("/1.0/events", q), c.base)
	conn, resp, err := c.ws.DialContext(ctx, u, c.wsHeader)
	if err != nil {
		if resp != nil && resp.StatusCode != http.StatusSwitchingProtocols {
			return nil, &Error{Method: http.MethodGet, Path: "/1.0/events", StatusCode: resp.StatusCode, Code: resp.StatusCode, Message: resp.Status}
		}
		if ctx.Err() != nil {
			return nil, fmt.Errorf("events: %w", ctx.Err())
		}
		return nil, &UnreachableError{Addr: c.addr, Err: fmt.Errorf("events: %w", err)}
	}
	l := &EventListener{conn: conn, ctx: ctx}
	l.stop = context.AfterFunc(ctx, func() { conn.Close() })
	return l, nil
}

// Next blocks until the next event arrives. After ctx is done it returns
// ctx's error.
func (l *EventListener) Next() (*Event, error) {
	_, data, err := l.conn.ReadMessage()
	if err != nil {
		if l.ctx.Err() != nil {
			return nil, fmt.Errorf("events: %w", l.ctx.Err())
		}
		return nil, fmt.Errorf("events: %w", err)
	}
	ev := &Event{}
	if err := json.Unmarshal(data, ev); err != nil {
		return nil, fmt.Errorf("events: decoding %q: %w", truncate(data, 200), err)
	}
	return ev, nil
}

// Close ends the subscription.
func (l *EventListener) Close() error {
	l.stop()
	err := l.conn.Close()
	if errors.Is(err, net.ErrClosed) {
		return nil
	}
	return err
}

func truncate(b []byte, n int) string {
	if len(b) > n {
		return string(b[:n]) + "..."
	}
	return string(b)
}
