package lxd

// How execute finds everything a command started, to kill it on a
// timeout or an interrupt.
//
// LXD runs an exec'd command from outside the guest's PID namespace: the
// command and all it starts share one process group and session that the
// guest sees as 0, with every other exec's processes. Closing the exec or
// signalling it through LXD's control socket reaches only the command's
// first process; its background children live on and keep its output
// open. So execute marks each run two ways:
//
//   - an environment variable (execMarker) with a value unique to the run,
//     which every process the command starts inherits unless it clears
//     its environment (env -i, a daemon that scrubs it);
//   - a session of its own: the command is started through the guest's
//     /usr/bin/setsid where it has one (busybox and util-linux both do),
//     so it leads a new session whose id is its PID, and everything it
//     starts stays in that session unless it calls setsid itself.
//
// killScript then kills, with SIGKILL, every process with the marker and
// every process in a session led by a marked process (or whose marked
// member leads it). What still escapes is a process that both leaves the
// session (setsid, a double fork into a new session) and clears its
// environment, or a command whose first process clears its environment
// before starting anything: a guest that means to outlive execute can.
// Deleting the sandbox (delete name=... , or an ephemeral instance
// stopping) is the only full cure; stop force=true kills everything too.

// sessionWrap runs the command argv in a new session through the guest's
// /usr/bin/setsid, by absolute path, or as it is when the guest has none.
// util-linux's and busybox's setsid fork only when the caller leads a
// process group, which an exec'd command never does (its group is outside
// the guest's namespace), so the PID and exit status stay the command's.
const sessionWrap = `if [ -x /usr/bin/setsid ]; then exec /usr/bin/setsid "$@"; fi; exec "$@"`

// inOwnSession returns argv wrapped by sessionWrap.
func inOwnSession(argv []string) []string {
	return append([]string{"/bin/sh", "-c", sessionWrap, "sh"}, argv...)
}

// killScript kills (SIGKILL) every guest process whose environment holds
// execMarker=$1, and every process in the session of such a process when
// that session is not 0 (0 is where all exec'd commands without a session
// of their own live, other runs among them). It goes over the processes
// twice, for those forked while the first pass ran. It needs only a POSIX
// sh, tr and grep, which busybox and Debian guests both have. A process's
// name in /proc/PID/stat may hold blanks and parentheses (the guest
// chooses it), so the fields are read after the last ") ".
const killScript = `m="` + execMarker + `=$1"; sids=" "
for p in /proc/[0-9]*; do
  if tr '\0' '\n' < "$p/environ" 2>/dev/null | grep -qxF "$m"; then
    if read -r st < "$p/stat" 2>/dev/null; then
      set -- ${st##*) }
      case "$sids" in *" $4 "*) ;; *) [ "$4" != 0 ] && sids="$sids$4 ";; esac
    fi
    kill -9 "${p#/proc/}" 2>/dev/null
  fi
done
[ "$sids" = " " ] && exit 0
for pass in 1 2; do
  for p in /proc/[0-9]*; do
    read -r st < "$p/stat" 2>/dev/null || continue
    set -- ${st##*) }
    case "$sids" in *" $4 "*) kill -9 "${p#/proc/}" 2>/dev/null;; esac
  done
done
exit 0`
