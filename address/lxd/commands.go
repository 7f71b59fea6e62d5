package lxd

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/rexxlxd/rexxlxd/interp"
)

// commandTable declares every command once, in the order help shows them
// (see decl.go for what a declaration holds). buildCommands fills it (and
// commandsByName) on first use, through loadCommands: a program that
// never addresses LXD does not build it at start-up. It is filled in a
// function, not a declaration, because the run functions refer to Env
// methods.
var commandTable []*command

// commandsByName maps every lower-case name and alias to its command.
var commandsByName map[string]*command

var commandsOnce sync.Once

// loadCommands builds the command table if it is not built yet. Whatever
// reads commandTable or commandsByName calls it first.
func loadCommands() { commandsOnce.Do(buildCommands) }

// Fields many commands share, with one meaning each.
var (
	fContainer = fieldSpec{"CONTAINER", "the instance"}
	fStatus    = fieldSpec{"STATUS", "its status after the command"}
	fChanged   = fieldSpec{"CHANGED", "1 when the command changed something, else 0"}
	fLocation  = fieldSpec{"LOCATION", "the cluster member it is on; '' on a standalone server"}
	fCount     = fieldSpec{"COUNT", "number of rows (as RESULT.0)"}
	fProfile   = fieldSpec{"PROFILE", "the profile"}
	fUsedBy    = fieldSpec{"USEDBY", "how many instances use the profile (and so got the change)"}
)

func buildCommands() {
	commandTable = []*command{
		{
			name: "status", summary: "report the LXD daemon: version, API, storage drivers",
			fields: fields("RUNTIME", "lxd", "VERSION", "server version", "API", "API version", "DRIVERS", "storage drivers in use",
				"KERNEL", "host kernel version", "SERVER", "server name", "SOCKET", "socket path or URL", "AUTH", "trusted",
				"REMOTE", "the lxc remote", "PROJECT", "the LXD project", "CLUSTER", "1 on a cluster member",
				"ACTIVECONTAINERS", "instances running in the project", "MAXCONTAINERS", "the project's limits.instances"),
			view: []string{"VERSION", "API", "DRIVERS", "SERVER"},
			run:  (*view).status,
		},
		{
			name: "list", summary: "list all instances with status, type, IPv4 and image",
			fields: []fieldSpec{fCount},
			rows: fields("NAME", "name", "STATUS", "status", "TYPE", "container or virtual-machine", "IPV4", "global IPv4 addresses",
				"IMAGE", "the image it was made from", "BASE", "1 for a registered base", "LOCATION", "its cluster member"),
			columns: []string{"NAME", "STATUS", "TYPE", "IPV4", "IMAGE", "BASE"},
			run:     (*view).list,
		},
		{
			name: "create", summary: "create an instance from an image (local alias, fingerprint or remote:alias)",
			keys: []keySpec{req("name", kNewInstance), req("image", kImage), opt("storage", kStoragePool), opt("profile", kText),
				opt("memory", kMemory), opt("cpus", kCPUs), opt("start", kBool), opt("ensure", kBool), opt("target", kMember), opt("ephemeral", kBool)},
			families: []string{configPrefix},
			changes:  true,
			fields: append([]fieldSpec{fContainer, {"IMAGE", "image= as given"}, fStatus, fLocation},
				append(fields("STORAGE", "storage= when given", "PROFILE", "profile= when given", "MEMORY", "memory= as passed to LXD",
					"CPUS", "cpus= as passed to LXD", "TARGET", "target= when given", "EPHEMERAL", "1 for an ephemeral instance"), fChanged)...),
			view: []string{"CONTAINER", "IMAGE", "STATUS"},
			run:  (*view).createEnsure,
		},
		{
			name: "start", summary: "start an instance and wait until LXD has started it",
			keys:  []keySpec{req("name", kInstance), enumKey("wait", false, "running", "ready"), opt("timeout", kSeconds), opt("ensure", kBool)},
			names: nameList, changes: true,
			fields: []fieldSpec{fContainer, fStatus, fChanged},
			view:   []string{"CONTAINER", "STATUS"},
			run:    (*view).startEnsure,
		},
		{
			name: "stop", summary: "stop an instance, cleanly or with force=true",
			keys:  []keySpec{req("name", kInstance), opt("force", kBool), opt("timeout", kSeconds), opt("ensure", kBool)},
			names: nameList, destructive: true, changes: true,
			fields: []fieldSpec{fContainer, fStatus, fChanged},
			view:   []string{"CONTAINER", "STATUS"},
			run:    (*view).stopEnsure,
		},
		{
			name: "delete", aliases: []string{"remove"}, summary: "delete an instance, stopping it first if it runs",
			keys:  []keySpec{req("name", kInstance), opt("ensure", kBool)},
			names: nameList, destructive: true, changes: true,
			fields: []fieldSpec{fContainer, fStatus, fChanged},
			view:   []string{"CONTAINER", "STATUS"},
			run:    (*view).deleteEnsure,
		},
		{
			name: "execute", aliases: []string{"exec"},
			summary: "run a command with /bin/sh -c in a running instance (env.NAME= sets a variable; stdout=/stderr= FILE also write its output to host files, {name} the instance); RC is its exit status",
			keys: []keySpec{req("name", kInstance), req("command", kText), opt("user", kText), opt("cwd", kText), opt("timeout", kSeconds),
				opt("stdin", kBinary), opt("stream", kBool), opt("maxoutput", kBytes), opt("stdout", kHostPath), opt("stderr", kHostPath)},
			families: []string{"env."},
			names:    nameList, changes: true,
			fields: append([]fieldSpec{fContainer}, fields("COMMAND", "command= as given", "EXITCODE", "the exit status",
				"STDOUT", "standard output", "STDERR", "standard error", "STDOUTBYTES", "bytes written to stdout",
				"STDERRBYTES", "bytes written to stderr", "TRUNCATED", "1 when output was cut at maxoutput=",
				"STDOUTFILE", "the host file stdout= wrote, {name} replaced", "STDERRFILE", "the host file stderr= wrote, {name} replaced",
				"RAN", "over a fleet: how many commands ran to their end", "NONZERO", "over a fleet: how many of those exited non-zero")...),
			view: []string{"CONTAINER", "EXITCODE"},
			run:  (*view).executeToFiles, // execute_files.go
		},
		{
			name: "shell", summary: "open an interactive shell in a running instance on this terminal (command= runs that instead); RC is its exit status",
			keys:   []keySpec{req("name", kInstance), opt("user", kText), opt("command", kText)},
			fields: append([]fieldSpec{fContainer}, fields("EXITCODE", "the shell's exit status")...),
			view:   []string{"CONTAINER", "EXITCODE"},
			run:    (*view).shell, // shell.go
		},
		{
			name: "copy", aliases: []string{"clone"}, summary: "copy an instance (copy-on-write on btrfs and ZFS)",
			keys:    []keySpec{req("source", kInstance), req("destination", kNewInstance), opt("storage", kStoragePool), opt("target", kMember), opt("ephemeral", kBool)},
			changes: true,
			fields: append(fields("SOURCE", "source= as given", "DESTINATION", "destination= as given"), fContainer, fStatus, fLocation,
				fieldSpec{"STORAGE", "storage= when given"}, fieldSpec{"TARGET", "target= when given"},
				fieldSpec{"COPYTIMEMS", "milliseconds the copy took"}, fieldSpec{"EPHEMERAL", "1 for an ephemeral copy"}, fChanged),
			view: []string{"SOURCE", "DESTINATION", "STATUS"},
			run:  (*view).copy,
		},
		{
			name: "register_base", summary: "make an instance (created from image=, default ubuntu:22.04, if missing) a stopped base for clones",
			keys: []keySpec{req("name", kNewInstance), opt("image", kImage), opt("memory", kMemory), opt("cpus", kCPUs),
				opt("storage", kStoragePool), opt("prepare", kText), opt("ensure", kBool), opt("target", kMember)},
			families: []string{configPrefix},
			changes:  true,
			fields: append([]fieldSpec{fContainer}, append(fields("BASE", "the base", "BASENAME", "the base (the original's name)",
				"IMAGE", "the image it was made from", "STATUS", "Stopped", "CREATED", "1 when this command created the instance"),
				fChanged, fLocation, fieldSpec{"STORAGE", "storage= when given"}, fieldSpec{"MEMORY", "memory= as passed to LXD"},
				fieldSpec{"CPUS", "cpus= as passed to LXD"}, fieldSpec{"TARGET", "target= when given"})...),
			view: []string{"BASE", "IMAGE", "CREATED"},
			run:  (*view).registerBaseCmd,
		},
		{
			name: "clone_from_base", summary: "clone a registered base into a new instance, or count= of them (name-1 ... name-N)",
			keys: []keySpec{req("base", kBase), req("name", kNewInstance), numKey("count", false, 1, maxCount), opt("start", kBool),
				enumKey("wait", false, "running", "ready"), opt("timeout", kSeconds), numKey("parallel", false, 1, maxParallel),
				opt("target", kMember), opt("ephemeral", kBool), opt("keep", kBool), opt("ensure", kBool), opt("replace", kBool)},
			changes: true,
			fields: append(fields("BASE", "base= as given"), fContainer, fieldSpec{"IMAGE", "the base's image"}, fStatus, fLocation,
				fieldSpec{"TARGET", "target= when given"}, fChanged, fieldSpec{"SOURCE", "the base"}, fieldSpec{"DESTINATION", "the clone"},
				fieldSpec{"COPYTIMEMS", "milliseconds the copy took"}, fieldSpec{"EPHEMERAL", "1 for an ephemeral clone"},
				fieldSpec{"KEPT", "ensure=true: 1 when an existing clone of the base was kept"},
				fieldSpec{"REPLACED", "replace=true: 1 when an existing instance was deleted first"}),
			view: []string{"BASE", "CONTAINER", "STATUS"},
			run:  (*view).cloneFromBase,
		},
		{
			name: "list_bases", summary: "list the registered bases with their image and limits",
			fields: []fieldSpec{fCount},
			rows: fields("NAME", "name", "IMAGE", "the image it was made from", "MEMORY", "its limits.memory", "CPUS", "its limits.cpu",
				"STATUS", "Stopped, or Running"),
			columns: []string{"NAME", "IMAGE", "MEMORY", "CPUS", "STATUS"},
			run:     (*view).listBases,
		},
		{
			name: "info", summary: "report one instance: status, pid, addresses, memory, processes, image",
			keys:  []keySpec{req("name", kInstance)},
			names: nameList,
			fields: append([]fieldSpec{fContainer, fStatus}, fields("PID", "the init process's host pid", "IPV4", "global IPv4 addresses",
				"IPV6", "global IPv6 addresses", "MEMORY", "bytes of memory in use", "PROCESSES", "number of processes",
				"CREATED", "creation time, RFC 3339 UTC", "IMAGE", "the image it was made from", "BASE", "1 for a registered base",
				"LOCATION", "its cluster member", "DISK", "bytes used by the root disk")...),
			view: []string{"CONTAINER", "STATUS", "IPV4", "MEMORY", "PROCESSES", "IMAGE"},
			run:  (*view).info,
		},
		{
			name: "wait", summary: "wait until an instance is running, ready (answers an execute), has an ipv4 address, or stopped",
			keys:  []keySpec{req("name", kInstance), enumKey("for", true, "running", "ready", "ipv4", "stopped"), opt("timeout", kSeconds)},
			names: nameList,
			fields: append([]fieldSpec{fContainer}, fields("FOR", "for= as given", "STATUS", "its status as last seen",
				"IPV4", "its IPv4 addresses (for=ipv4)", "WAITEDMS", "how long it waited")...),
			view: []string{"CONTAINER", "FOR", "STATUS", "WAITEDMS"},
			run:  (*view).wait,
		},
		{
			name: "restart", summary: "restart a running instance, cleanly or with force=true",
			keys:  []keySpec{req("name", kInstance), opt("force", kBool), opt("timeout", kSeconds)},
			names: nameList, destructive: true, changes: true,
			fields: []fieldSpec{fContainer, fStatus, fChanged},
			run:    (*view).restart,
		},
		{
			name: "rename", summary: "rename a stopped instance",
			keys:    []keySpec{req("name", kInstance), req("to", kNewInstance)},
			changes: true,
			fields:  fields("CONTAINER", "the new name", "FROM", "the old name", "CHANGED", fChanged.meaning),
			view:    []string{"FROM", "CONTAINER"},
			run:     (*view).rename,
		},
		{
			name: "set", summary: "set one LXD config key of an instance",
			keys:  []keySpec{req("name", kInstance), req("key", kText), req("value", kText)},
			names: nameList, destructive: true, changes: true,
			fields: append([]fieldSpec{fContainer}, fieldSpec{"KEY", "key= as given"}, fieldSpec{"VALUE", "value= as given"}, fChanged),
			view:   []string{"CONTAINER", "KEY", "VALUE", "CHANGED"},
			run:    (*view).set,
		},
		{
			name: "unset", summary: "remove one LXD config key of an instance",
			keys:  []keySpec{req("name", kInstance), req("key", kText)},
			names: nameList, destructive: true, changes: true,
			fields: append([]fieldSpec{fContainer}, fieldSpec{"KEY", "key= as given"}, fChanged),
			view:   []string{"CONTAINER", "KEY", "CHANGED"},
			run:    (*view).unset,
		},
		{
			name: "snapshot", summary: "take a snapshot of an instance (LXD names it when snapshot= is absent)",
			keys:  []keySpec{req("name", kInstance), opt("snapshot", kText), opt("ensure", kBool)},
			names: nameList, changes: true,
			fields: append([]fieldSpec{fContainer}, fieldSpec{"SNAPSHOT", "its name"}, fieldSpec{"CREATED", "creation time, RFC 3339 UTC"}, fChanged),
			run:    (*view).snapshot,
		},
		{
			name: "restore", summary: "put an instance back to a snapshot",
			keys:  []keySpec{req("name", kInstance), req("snapshot", kText)},
			names: nameList, destructive: true, changes: true,
			fields: append([]fieldSpec{fContainer}, fieldSpec{"SNAPSHOT", "snapshot= as given"}, fChanged),
			run:    (*view).restore,
		},
		{
			name: "list_snapshots", summary: "list an instance's snapshots with their creation time",
			keys:    []keySpec{req("name", kInstance)},
			fields:  []fieldSpec{fContainer, fCount},
			rows:    fields("NAME", "the snapshot", "CREATED", "creation time, RFC 3339 UTC"),
			columns: []string{"NAME", "CREATED"},
			run:     (*view).listSnapshots,
		},
		{
			name: "delete_snapshot", summary: "delete a snapshot of an instance",
			keys:  []keySpec{req("name", kInstance), req("snapshot", kText), opt("ensure", kBool)},
			names: nameList, destructive: true, changes: true,
			fields: append([]fieldSpec{fContainer}, fieldSpec{"SNAPSHOT", "snapshot= as given"}, fChanged),
			run:    (*view).deleteSnapshot,
		},
		{
			name: "push", summary: "write a host file or tree (source=) or text (content=) into an instance",
			keys: []keySpec{req("name", kInstance), req("target", kGuestPath), opt("source", kHostPath), opt("content", kBinary),
				opt("mode", kMode), opt("uid", kID), opt("gid", kID), opt("recursive", kBool), opt("parents", kBool)},
			names: nameList, changes: true,
			fields: append([]fieldSpec{fContainer}, fieldSpec{"TARGET", "target= as given"}, fieldSpec{"FILES", "files, directories and links written"},
				fieldSpec{"BYTES", "bytes of the files written"}, fChanged, fieldSpec{"METHOD", "tar or files"}),
			view: []string{"CONTAINER", "TARGET", "FILES", "BYTES", "METHOD"},
			run:  (*view).push,
		},
		{
			name: "pull", summary: "read a file of an instance into RESULT.CONTENT, or a file or tree to a host path",
			keys:  []keySpec{req("name", kInstance), req("source", kGuestPath), opt("target", kHostPath), opt("recursive", kBool), opt("maxsize", kBytes)},
			names: nameList,
			fields: append([]fieldSpec{fContainer}, fields("SOURCE", "source= as given", "TARGET", "target= as given",
				"CONTENT", "the file's content (without target=)", "TYPE", "file, directory or symlink", "MODE", "its mode, octal",
				"UID", "its owner", "GID", "its group", "FILES", "files written", "BYTES", "bytes written",
				"SKIPPED", "entries not landed (with target=)", "METHOD", "tar or files", "TARFALLBACK", "why an archive was dropped")...),
			view: []string{"CONTAINER", "SOURCE", "TARGET", "BYTES"},
			run:  (*view).pull,
		},
		{
			name: "mount", summary: "share a host directory with an instance at path= (an LXD disk device; read-only unless readonly=false)",
			keys:  []keySpec{req("name", kInstance), req("source", kHostPath), req("path", kGuestPath), opt("readonly", kBool), opt("device", kText)},
			names: nameList, changes: true,
			fields: append([]fieldSpec{fContainer}, fieldSpec{"SOURCE", "source= as given"}, fieldSpec{"PATH", "path= as given"},
				fieldSpec{"READONLY", "1 or 0"}, fieldSpec{"DEVICE", "the LXD device"}, fChanged),
			run: (*view).mount,
		},
		{
			name: "unmount", summary: "remove a mount made by mount, by its guest path= or device=",
			keys:  []keySpec{req("name", kInstance), opt("path", kGuestPath), opt("device", kText)},
			names: nameList, changes: true,
			fields: append([]fieldSpec{fContainer}, fieldSpec{"SOURCE", "the host directory"}, fieldSpec{"PATH", "the guest path"},
				fieldSpec{"READONLY", "1 or 0"}, fieldSpec{"DEVICE", "the LXD device"}, fChanged),
			run: (*view).unmount,
		},
		{
			name: "storage", summary: "list the storage pools with driver, space and whether clones are copy-on-write",
			fields:  []fieldSpec{fCount},
			rows:    fields("NAME", "the pool", "DRIVER", "its driver", "USED", "bytes used", "TOTAL", "bytes in all", "COW", "1 when clones on it are copy-on-write"),
			columns: []string{"NAME", "DRIVER", "USED", "TOTAL", "COW"},
			run:     (*view).storage,
		},
		{
			name: "connect", summary: "send later commands to an lxc remote and project (alone: back to the local daemon)",
			keys:   []keySpec{opt("remote", kText), opt("project", kText)},
			fields: fields("REMOTE", "the remote", "PROJECT", "the project", "ADDRESS", "socket path or URL", "CLUSTER", "1 on a cluster member"),
			run:    (*view).connect,
		},
		{
			name: "cluster_members", summary: "list the members of the server's cluster with status, URL and roles",
			fields: []fieldSpec{fCount},
			rows:   fields("NAME", "member name", "STATUS", "Online, Offline, ...", "URL", "its address", "ROLES", "its roles", "MESSAGE", "LXD's word on its state"),
			run:    (*view).clusterMembers,
		},
		{
			name: "move", summary: "move a stopped instance to another cluster member",
			keys: []keySpec{req("name", kInstance), req("target", kMember)},
			fields: append([]fieldSpec{fContainer}, fieldSpec{"TARGET", "target= as given"}, fieldSpec{"FROM", "the member it was on"},
				fieldSpec{"LOCATION", "where LXD says it is now"}, fStatus),
			run: (*view).move,
		},
		{
			name: "pool", summary: "make, resize or drain (size=0) a warm pool: size= started, ready clones of base=",
			keys:    []keySpec{req("name", kWarmPool), numKey("size", true, 0, maxPoolSize), opt("base", kBase)},
			changes: true,
			fields: fields("POOL", "the pool", "BASE", "its base", "SIZE", "its size", "READY", "free, ready members", "TAKEN", "members handed out",
				"STARTING", "free members not yet ready", "MADE", "members this command made", "REMOVED", "members this command deleted",
				"CHANGED", "1"),
			run: (*view).poolCmd,
		},
		{
			name: "acquire", summary: "hand out ready members of a warm pool, claimed for this script alone; the pool refills in the background",
			keys:    []keySpec{req("pool", kWarmPool), numKey("count", false, 1, maxPoolSize)},
			changes: true,
			fields: append(fields("NAME", "the member", "CONTAINER", "the member", "POOL", "the pool", "BASE", "its base"), fLocation,
				fieldSpec{"STATUS", "Running"}, fieldSpec{"WARM", "1 when it was ready in the pool"},
				fieldSpec{"REFILLING", "members being made to refill"}, fChanged),
			run: (*view).acquire,
		},
		{
			name: "release", summary: "delete a pool member that acquire handed out",
			keys:  []keySpec{req("name", kInstance)},
			names: nameList, changes: true,
			fields: append(fields("NAME", "the member", "CONTAINER", "the member", "POOL", "its pool", "STATUS", "Deleted"), fChanged),
			run:    (*view).release,
		},
		{
			name: "pools", summary: "list the warm pools with base, size, ready and taken members",
			fields: []fieldSpec{fCount},
			rows: fields("NAME", "the pool", "BASE", "its base", "SIZE", "free members it keeps", "READY", "free, ready members",
				"TAKEN", "members handed out", "STARTING", "free members being made", "DEAD", "free members to be replaced"),
			run: (*view).pools,
		},
		{
			name: "publish", summary: "make an image of a stopped instance (or of its snapshot=), with alias= as its name",
			keys: []keySpec{req("name", kInstance), opt("alias", kText), opt("snapshot", kText), opt("description", kText),
				opt("public", kBool), opt("ensure", kBool), opt("replace", kBool)},
			changes: true,
			fields: append(append([]fieldSpec{fContainer}, fields("ALIAS", "alias= as given", "FINGERPRINT", "the image's fingerprint",
				"SIZE", "the image's size in bytes")...), fChanged),
			view: []string{"CONTAINER", "ALIAS", "FINGERPRINT", "CHANGED"},
			run:  (*view).publish,
		},
		{
			name: "images", summary: "list the images with fingerprint, aliases, description, size and dates",
			fields: []fieldSpec{fCount},
			rows: fields("FINGERPRINT", "the fingerprint", "ALIASES", "its aliases, blank-separated", "DESCRIPTION", "its description",
				"SIZE", "size in bytes", "CREATED", "when it was made, RFC 3339 UTC", "UPLOADED", "when this server got it, RFC 3339 UTC",
				"ARCHITECTURE", "e.g. x86_64", "TYPE", "container or virtual-machine", "PUBLIC", "1 when public"),
			columns: []string{"ALIASES", "DESCRIPTION", "SIZE", "UPLOADED", "FINGERPRINT"},
			run:     (*view).images,
		},
		{
			name: "delete_image", summary: "delete an image by alias or fingerprint",
			keys:    []keySpec{req("image", kImage), opt("ensure", kBool)},
			changes: true,
			fields:  append(fields("IMAGE", "image= as given", "FINGERPRINT", "the deleted image's fingerprint"), fChanged),
			view:    []string{"IMAGE", "FINGERPRINT", "CHANGED"},
			run:     (*view).deleteImage,
		},
		{
			name: "copy_image", summary: "copy an image (image=[REMOTE:]IMAGE) to the lxc remote to=, with its aliases or alias=",
			keys:    []keySpec{req("image", kImage), req("to", kText), opt("alias", kText)},
			changes: true,
			fields: append(fields("IMAGE", "image= as given", "FINGERPRINT", "the image's fingerprint", "FROM", "the source remote",
				"TO", "the destination remote", "ALIASES", "the copy's aliases, blank-separated", "SIZE", "the image's size in bytes"), fChanged),
			view: []string{"IMAGE", "TO", "ALIASES", "CHANGED"},
			run:  (*view).copyImage,
		},
		{
			name: "export", summary: "write a backup of an instance to the host file target= (as lxc export)",
			keys: []keySpec{req("name", kInstance), req("target", kHostPath), opt("overwrite", kBool), opt("instance_only", kBool),
				opt("maxsize", kBytes)},
			changes: true,
			fields:  append([]fieldSpec{fContainer}, fieldSpec{"TARGET", "the file written"}, fieldSpec{"BYTES", "bytes written"}, fChanged),
			view:    []string{"CONTAINER", "TARGET", "BYTES"},
			run:     (*view).export,
		},
		{
			name: "import", summary: "make an instance from a backup file source= (as lxc import)",
			keys:    []keySpec{req("source", kHostPath), opt("name", kNewInstance), opt("storage", kStoragePool)},
			changes: true,
			fields:  append([]fieldSpec{{"CONTAINER", "the new instance"}, {"SOURCE", "source= as given"}}, fStatus, fChanged),
			view:    []string{"CONTAINER", "SOURCE", "STATUS"},
			run:     (*view).importBackup,
		},
		{
			name: "forward", summary: "make a guest port reachable on the host: port=HOST:GUEST, listening on 127.0.0.1 unless address= says otherwise",
			keys: []keySpec{req("name", kInstance), req("port", kPorts), opt("address", kIPAddress), enumKey("protocol", false, "tcp", "udp"),
				opt("device", kText)},
			changes: true,
			fields: append([]fieldSpec{fContainer}, append(fields("DEVICE", "the LXD proxy device", "ADDRESS", "the host address it listens on",
				"HOSTPORT", "the host port", "GUESTPORT", "the guest port it connects to", "PROTOCOL", "tcp or udp",
				"LISTEN", "ADDRESS:HOSTPORT as a client dials it", "STATUS", "the instance's status: Running means it listens now"), fChanged)...),
			view: []string{"CONTAINER", "LISTEN", "GUESTPORT", "DEVICE", "STATUS"},
			run:  (*view).forward,
		},
		{
			name: "devices", summary: "list an instance's devices, its own and its profiles', with type and key fields",
			keys:   []keySpec{req("name", kInstance)},
			fields: []fieldSpec{fContainer, fCount},
			rows: fields("NAME", "the device", "TYPE", "disk, proxy, nic, ...", "PROFILE", "the profile it comes from; '' for the instance's own",
				"PATH", "a disk's guest path", "SOURCE", "a disk's host source", "POOL", "a disk's storage pool", "READONLY", "a disk's readonly key",
				"LISTEN", "a proxy's listening end", "CONNECT", "a proxy's connecting end", "NETWORK", "a nic's managed network",
				"PARENT", "a nic's host parent device"),
			columns: []string{"NAME", "TYPE", "PROFILE", "PATH", "SOURCE", "LISTEN", "CONNECT"},
			run:     (*view).devices,
		},
		{
			name: "remove_device", summary: "remove a device of an instance's own (a forward, a mount, ...); never the root disk",
			keys:  []keySpec{req("name", kInstance), req("device", kText), opt("ensure", kBool)},
			names: nameList, destructive: true, changes: true,
			fields: append([]fieldSpec{fContainer}, fieldSpec{"DEVICE", "device= as given"}, fieldSpec{"TYPE", "the removed device's type"}, fChanged),
			view:   []string{"CONTAINER", "DEVICE", "TYPE", "CHANGED"},
			run:    (*view).removeDevice,
		},
		{
			name: "profile_create", summary: "make a profile (config.KEY= sets its config; ensure=true keeps an existing one and sets the keys given)",
			keys:     []keySpec{req("name", kNewProfile), opt("description", kText), opt("ensure", kBool)},
			families: []string{configPrefix},
			changes:  true,
			fields:   []fieldSpec{fProfile, fChanged},
			view:     []string{"PROFILE", "CHANGED"},
			run:      (*view).profileCreate,
		},
		{
			name: "profile_set", summary: "set one config key of a profile; LXD applies it to every instance that uses the profile",
			keys:    []keySpec{req("name", kProfile), req("key", kText), req("value", kText)},
			changes: true,
			fields:  []fieldSpec{fProfile, {"KEY", "key= as given"}, {"VALUE", "value= as given"}, fUsedBy, fChanged},
			view:    []string{"PROFILE", "KEY", "VALUE", "USEDBY", "CHANGED"},
			run:     (*view).profileSet,
		},
		{
			name: "profile_unset", summary: "remove one config key of a profile",
			keys:    []keySpec{req("name", kProfile), req("key", kText)},
			changes: true,
			fields:  []fieldSpec{fProfile, {"KEY", "key= as given"}, fUsedBy, fChanged},
			view:    []string{"PROFILE", "KEY", "USEDBY", "CHANGED"},
			run:     (*view).profileUnset,
		},
		{
			name: "profile_delete", summary: "delete a profile that no instance uses",
			keys:    []keySpec{req("name", kProfile), opt("ensure", kBool)},
			changes: true,
			fields:  []fieldSpec{fProfile, fChanged},
			view:    []string{"PROFILE", "CHANGED"},
			run:     (*view).profileDelete,
		},
		{
			name: "profiles", summary: "list the profiles with description, config keys, devices and the instances that use them",
			fields: []fieldSpec{fCount},
			rows: fields("NAME", "the profile", "DESCRIPTION", "its description", "USEDBY", "how many instances use it",
				"INSTANCES", "their names, blank-separated", "CONFIG", "its config keys, blank-separated", "DEVICES", "its device names, blank-separated"),
			columns: []string{"NAME", "USEDBY", "DEVICES", "DESCRIPTION"},
			run:     (*view).profiles,
		},
	}
	commandsByName = make(map[string]*command, 2*len(commandTable))
	for _, c := range commandTable {
		commandsByName[c.name] = c
		for _, a := range c.aliases {
			commandsByName[a] = c
		}
	}
}

// help is the command's help for the REPL, read from its declaration:
// its keys as checked (allKeys: remote= and project= too), key families
// as PREFIX.NAME, and the fixed values of its bool and enum keys.
func (c *command) help() interp.CommandHelp {
	h := interp.CommandHelp{Name: c.name, Aliases: slices.Clone(c.aliases), Summary: c.summary}
	for _, k := range c.allKeys() {
		if k.required {
			h.Required = append(h.Required, k.name)
		} else {
			h.Optional = append(h.Optional, k.name)
		}
		if ch := k.choices(); ch != nil {
			if h.Choices == nil {
				h.Choices = map[string][]string{}
			}
			h.Choices[k.name] = ch
		}
	}
	for _, p := range c.families {
		h.Families = append(h.Families, p+"NAME")
	}
	return h
}

// Commands returns the help of every command, for the REPL's help and tab
// completion. The slices are copies the caller may keep.
func (e *Env) Commands() []interp.CommandHelp {
	loadCommands()
	out := make([]interp.CommandHelp, len(commandTable))
	for i, c := range commandTable {
		out[i] = c.help()
	}
	return out
}

// lookupCommand finds a command by name or alias, case-insensitively.
func lookupCommand(word string) (*command, bool) {
	loadCommands()
	c, ok := commandsByName[strings.ToLower(word)]
	return c, ok
}

// UsageError is a command that was recognised but given the wrong keys or
// values; it is reported before anything is sent to LXD.
type UsageError struct {
	Command string
	Msg     string
}

func (e *UsageError) Error() string {
	if e.Command == "" {
		return e.Msg
	}
	return e.Command + ": " + e.Msg
}

// checkArgs matches the parsed arguments against the command's
// declaration: every key must be declared (or start with one of its
// families, followed by a name), given once, every required key present,
// and every value of its kind (see keySpec.check), which it returns in
// canonical form. The message names the offending key and lists the
// valid ones. A family's key keeps the name after its prefix as written
// ("env.LANG"); see prefixed. remote= and project= have been taken out
// already (splitWhere) but for connect.
func (c *command) checkArgs(args []arg) (cmdArgs, error) {
	keys := c.allKeys()
	// valid lists the command's own keys; remote= and project=, which
	// every command takes, only where they are all it takes.
	valid := func() string {
		var names []string
		for _, k := range keys {
			if c.name == "connect" || (k.name != "remote" && k.name != "project") {
				names = append(names, k.name)
			}
		}
		for _, p := range c.families {
			names = append(names, p+"NAME")
		}
		if len(names) == 0 {
			return c.name + " takes no keys but remote= and project="
		}
		return "valid keys: " + strings.Join(names, ", ")
	}
	m := make(cmdArgs, len(args))
	for _, a := range args {
		key := a.Key
		if p, ok := c.prefixOf(key); ok {
			// The name after the prefix keeps its case (see keyName).
			if len(key) == len(p) {
				return nil, &UsageError{c.name, fmt.Sprintf("key %s= needs a name after %q, e.g. %sNAME=", key, p, p)}
			}
		} else if !slices.ContainsFunc(keys, func(k keySpec) bool { return k.name == key }) {
			return nil, &UsageError{c.name, fmt.Sprintf("unknown key %s= (%s%s)", a.Key, keyHint(key, keys), valid())}
		}
		if _, dup := m[key]; dup {
			return nil, &UsageError{c.name, fmt.Sprintf("key %s= given twice (%s)", key, valid())}
		}
		m[key] = a.Value
	}
	var missing []string
	for _, k := range keys {
		if _, ok := m[k.name]; k.required && !ok {
			missing = append(missing, k.name+"=")
		}
	}
	if len(missing) > 0 {
		return nil, &UsageError{c.name, fmt.Sprintf("missing required key %s (%s)", strings.Join(missing, " "), valid())}
	}
	if err := checkValues(c, m); err != nil {
		return nil, err
	}
	for _, k := range keys { // in declaration order: the first bad one is reported
		v, ok := m[k.name]
		if !ok {
			continue
		}
		canon, err := k.check(v)
		if err != nil {
			return nil, &UsageError{c.name, err.Error()}
		}
		m[k.name] = canon
	}
	return m, nil
}

// prefixOf returns the command's key family that key (lower-cased)
// starts with.
func (c *command) prefixOf(key string) (string, bool) {
	for _, p := range c.families {
		if strings.HasPrefix(key, p) {
			return p, true
		}
	}
	return "", false
}

// prefixed returns the keys of one family from checked arguments, the
// prefix removed and the names as written: for "env." and
// env.LANG=C it returns {"LANG": "C"}. It returns nil when there are none.
func prefixed(args cmdArgs, prefix string) map[string]string {
	var out map[string]string
	for k, v := range args {
		if name, ok := strings.CutPrefix(k, prefix); ok {
			if out == nil {
				out = map[string]string{}
			}
			out[name] = v
		}
	}
	return out
}

// commandNames returns every command name and alias, sorted, for messages.
func commandNames() []string {
	loadCommands()
	return slices.Sorted(maps.Keys(commandsByName))
}
