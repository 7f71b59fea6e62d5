package lxd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
	"github.com/rexxlxd/rexxlxd/address/lxd/lxdtest"
)

// freePort returns a TCP port on the host's loopback that nothing
// listens on right now.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// fetch asks for path over HTTP/1.0 at addr on the host and returns the
// whole answer, or the error of the dial.
func fetch(addr, path string) (string, error) {
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := fmt.Fprintf(conn, "GET %s HTTP/1.0\r\n\r\n", path); err != nil {
		return "", err
	}
	b, err := io.ReadAll(conn)
	return string(b), err
}

// fetchSoon is fetch, retried for a few seconds while the connection is
// refused or cut: a proxy device that was just added or a guest server
// that was just started may need a moment.
func fetchSoon(t *testing.T, addr, path string) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		out, err := fetch(addr, path)
		if err == nil && out != "" {
			return out
		}
		if time.Now().After(deadline) {
			t.Fatalf("GET %s from %s: %q, %v", path, addr, out, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// guestWebServer starts busybox httpd in the guest on its loopback at
// port, serving a file whose content is token, and brings the guest's
// loopback up (the test image's init leaves it down).
func guestWebServer(t *testing.T, env *Env, name string, port int, token string) {
	t.Helper()
	cmd := fmt.Sprintf("ip link set lo up && mkdir -p /www && echo %s > /www/token.txt && httpd -p 127.0.0.1:%d -h /www", token, port)
	if rc, out := guestRC(t, env, name, cmd); rc != 0 {
		t.Fatalf("starting httpd in %s: RC %d, %q", name, rc, out)
	}
}

// hostAddress returns an address of this host other than loopback, or
// "" when it has none.
func hostAddress() string {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return ""
	}
	for _, a := range addrs {
		if ipn, ok := a.(*net.IPNet); ok && ipn.IP.To4() != nil && !ipn.IP.IsLoopback() {
			return ipn.IP.String()
		}
	}
	return ""
}

// TestLiveForward: a forward added to a stopped instance listens from its
// start, on the host's loopback only, and a client on the host reads what
// the guest's server (on the guest's loopback, with no network device)
// sends; one added to a running instance listens at once; reruns
// converge; collisions are refused before LXD is asked; remove_device
// takes it away and the port closes.
func TestLiveForward(t *testing.T) {
	env, c := liveEnv(t)
	// A profile gives the instance a forward of its own, so that devices
	// and remove_device meet a device that is not the instance's.
	prof := newProfile(t, c)
	profPort := freePort(t)
	if err := c.CreateProfile(context.Background(), lxdapi.ProfilesPost{Name: prof, Devices: map[string]map[string]string{
		"pfwd": {"type": "proxy", "listen": fmt.Sprintf("tcp:127.0.0.1:%d", profPort), "connect": "tcp:127.0.0.1:8000"},
	}}); err != nil {
		t.Fatal(err)
	}
	name := newName(t, c, "t-fwd")
	mustRun(t, env, fmt.Sprintf("create name=%s image=%s storage=%s profile=default,%s", name, lxdtest.Image(), lxdtest.Pool(), prof))
	port := freePort(t)
	device := "forward-tcp-" + strconv.Itoa(port)
	listen := "127.0.0.1:" + strconv.Itoa(port)
	token := lxdtest.Name(t, "tok")

	cmd := fmt.Sprintf("forward name=%s port=%d:8000", name, port)
	vars := mustRun(t, env, cmd)
	wantFields(t, cmd, vars, map[string]string{
		"CONTAINER": name, "DEVICE": device, "ADDRESS": "127.0.0.1", "HOSTPORT": strconv.Itoa(port),
		"GUESTPORT": "8000", "PROTOCOL": "tcp", "LISTEN": listen, "STATUS": "Stopped", "CHANGED": "1",
	})
	if !strings.Contains(vars["RESULT.OUTPUT"], "from its next start") {
		t.Errorf("%q: OUTPUT %q does not say when it listens", cmd, vars["RESULT.OUTPUT"])
	}
	got := ownDevices(t, c, name)[device]
	if got["type"] != "proxy" || got["listen"] != "tcp:"+listen || got["connect"] != "tcp:127.0.0.1:8000" || got["bind"] != "host" {
		t.Fatalf("device %s in LXD: %v", device, got)
	}
	// A rerun finds it and changes nothing.
	vars = mustRun(t, env, cmd)
	wantFields(t, cmd+" again", vars, map[string]string{"CHANGED": "0", "DEVICE": device})

	mustRun(t, env, "start name="+name+" wait=ready timeout=30")
	guestWebServer(t, env, name, 8000, token)
	if out := fetchSoon(t, listen, "/token.txt"); !strings.Contains(out, "200 OK") || !strings.Contains(out, token) {
		t.Fatalf("GET through the forward: %q", out)
	}
	// Loopback only: another address of the host does not answer.
	if other := hostAddress(); other != "" {
		if _, err := fetch(net.JoinHostPort(other, strconv.Itoa(port)), "/token.txt"); !errors.Is(err, syscall.ECONNREFUSED) {
			t.Errorf("the forward answered (or did not refuse) on %s: %v", other, err)
		}
	}

	// Added to a running instance, a forward listens at once.
	port2 := freePort(t)
	cmd2 := fmt.Sprintf("forward name=%s port=%d:8000 device=web2", name, port2)
	vars = mustRun(t, env, cmd2)
	wantFields(t, cmd2, vars, map[string]string{"DEVICE": "web2", "STATUS": "Running", "CHANGED": "1"})
	if !strings.Contains(vars["RESULT.OUTPUT"], "listening now") {
		t.Errorf("%q: OUTPUT %q", cmd2, vars["RESULT.OUTPUT"])
	}
	if out := fetchSoon(t, "127.0.0.1:"+strconv.Itoa(port2), "/token.txt"); !strings.Contains(out, token) {
		t.Fatalf("GET through the second forward: %q", out)
	}

	// Collisions are refused and change nothing.
	before := ownDevices(t, c, name)
	for _, tc := range []struct{ cmd, output string }{
		{fmt.Sprintf("forward name=%s port=%d:9000", name, port), "tcp " + listen + " of the host is taken by device " + device},
		{fmt.Sprintf("forward name=%s port=%d:9000 address=0.0.0.0", name, port), "is taken by device " + device},
		{fmt.Sprintf("forward name=%s port=%d:8000 device=web2", name, freePort(t)), name + " already has a device web2 (proxy, listen=tcp:127.0.0.1:" + strconv.Itoa(port2)},
		{fmt.Sprintf("forward name=%s port=%d:8000 device=root", name, freePort(t)), "already has a device root (the root disk)"},
		{fmt.Sprintf("forward name=%s port=%d:8000 device=x", name, profPort), fmt.Sprintf("is taken by device pfwd of %s (listen=tcp:127.0.0.1:%d)", name, profPort)},
		{fmt.Sprintf("forward name=%s port=%d:8000 device=pfwd", name, freePort(t)), name + " already has a device pfwd (proxy"},
	} {
		wantError(t, env, tc.cmd, RCError, tc.output, tc.output)
	}
	// A host port something else holds: LXD cannot listen, says so, and
	// keeps the instance as it was.
	held, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	heldPort := held.Addr().(*net.TCPAddr).Port
	wantError(t, env, fmt.Sprintf("forward name=%s port=%d:8000", name, heldPort), RCError,
		fmt.Sprintf("tcp 127.0.0.1:%d is in use on this host", heldPort), "choose another port=")
	if after := ownDevices(t, c, name); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Fatalf("refused forwards changed the devices:\nbefore %v\nafter  %v", before, after)
	}
	wantError(t, env, fmt.Sprintf("forward name=%s-gone port=%d:80", name, freePort(t)), RCError, "no instance "+name+"-gone", "not found")

	// devices lists the instance's own and its profile's.
	vars = mustRun(t, env, "devices name="+name)
	var rows []string
	for i := 1; i <= 4; i++ {
		p := fmt.Sprintf("RESULT.%d.", i)
		rows = append(rows, strings.Join([]string{vars[p+"NAME"], vars[p+"TYPE"], vars[p+"PROFILE"], vars[p+"PATH"], vars[p+"POOL"], vars[p+"LISTEN"], vars[p+"CONNECT"]}, "|"))
	}
	want := []string{
		device + "|proxy||||tcp:" + listen + "|tcp:127.0.0.1:8000",
		fmt.Sprintf("pfwd|proxy|%s|||tcp:127.0.0.1:%d|tcp:127.0.0.1:8000", prof, profPort),
		"root|disk||/|" + lxdtest.Pool() + "||", // storage= gives the instance a root disk of its own
		"web2|proxy||||tcp:127.0.0.1:" + strconv.Itoa(port2) + "|tcp:127.0.0.1:8000",
	}
	if vars["RESULT.0"] != "4" || vars["RESULT.COUNT"] != "4" || strings.Join(rows, "\n") != strings.Join(want, "\n") {
		t.Errorf("devices: RESULT.0 %q\n%s\nwant\n%s", vars["RESULT.0"], strings.Join(rows, "\n"), strings.Join(want, "\n"))
	}

	// remove_device takes a forward away at once; the port closes.
	vars = mustRun(t, env, fmt.Sprintf("remove_device name=%s device=%s", name, device))
	wantFields(t, "remove_device", vars, map[string]string{"CONTAINER": name, "DEVICE": device, "TYPE": "proxy", "CHANGED": "1"})
	if _, err := fetch(listen, "/token.txt"); !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("after remove_device, %s: %v (want connection refused)", listen, err)
	}
	if _, still := ownDevices(t, c, name)[device]; still {
		t.Fatalf("device %s still in LXD", device)
	}
	wantError(t, env, fmt.Sprintf("remove_device name=%s device=%s", name, device), RCError, name+" has no device "+device+" (ensure=true accepts that)", "has no device")
	vars = mustRun(t, env, fmt.Sprintf("remove_device name=%s device=%s ensure=true", name, device))
	wantFields(t, "remove_device ensure=true", vars, map[string]string{"CHANGED": "0"})
	wantError(t, env, fmt.Sprintf("remove_device name=%s device=pfwd", name), RCError, "device pfwd of "+name+" comes from its profile "+prof, "only the instance's own")
	wantError(t, env, fmt.Sprintf("remove_device name=%s device=root", name), RCError, "device root is the root disk of "+name, "does not remove it")
	// The profile's forward works like the instance's own.
	if out := fetchSoon(t, "127.0.0.1:"+strconv.Itoa(profPort), "/token.txt"); !strings.Contains(out, token) {
		t.Fatalf("GET through the profile's forward: %q", out)
	}
	// The other forward still works.
	if out := fetchSoon(t, "127.0.0.1:"+strconv.Itoa(port2), "/token.txt"); !strings.Contains(out, token) {
		t.Fatalf("GET through web2 after removing the first: %q", out)
	}
}

// TestLiveRemoveDeviceFleet: remove_device over a list removes the device
// from each instance that has it, and with ensure=true counts one that
// has it no more as done; each row says what it did.
func TestLiveRemoveDeviceFleet(t *testing.T) {
	env, c := liveEnv(t)
	a := liveInstance(t, env, c, false)
	b := liveInstance(t, env, c, false)
	mustRun(t, env, fmt.Sprintf("forward name=%s port=%d:80 device=web", a, freePort(t)))
	mustRun(t, env, fmt.Sprintf("forward name=%s port=%d:80 device=web", b, freePort(t)))
	mustRun(t, env, fmt.Sprintf("remove_device name=%s device=web", b))

	cmd := fmt.Sprintf("remove_device name=%s,%s device=web", a, b)
	rc, vars := run(t, env, cmd)
	if rc != RCError || vars["RESULT.0"] != "2" || vars["RESULT.SUCCEEDED"] != "1" ||
		!strings.Contains(vars["RESULT.ERROR"], b+" has no device web") {
		t.Fatalf("%q: RC %d, RESULT.0 %q, SUCCEEDED %q, ERROR %q", cmd, rc, vars["RESULT.0"], vars["RESULT.SUCCEEDED"], vars["RESULT.ERROR"])
	}
	for _, name := range []string{a, b} {
		if _, still := ownDevices(t, c, name)["web"]; still {
			t.Errorf("%s still has device web", name)
		}
	}
	vars = mustRun(t, env, cmd+" ensure=true")
	if vars["RESULT.0"] != "2" || vars["RESULT.1.CHANGED"] != "0" || vars["RESULT.2.CHANGED"] != "0" || vars["RESULT.1.NAME"] != a {
		t.Errorf("%q ensure=true: %v", cmd, vars)
	}
}
