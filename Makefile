# rexxlxd: build, test, install.
#
#   make            build ./rexxlxd
#   make test       gofmt check, go vet, go test ./... one package at a time, as
#                   the packages share one LXD daemon (the LXD tests run when
#                   a daemon is reachable; with REXXLXD_REQUIRE_LXD=1 they must)
#   make check      everything CI runs (root): set up LXD, the test cluster
#                   and zsh (for the completion test), then make test with
#                   the LXD tests required
#   make lxd        set up LXD here: daemon, btrfs pool, busybox image (root)
#   make demo       set up LXD, build, and run examples/cow.rexx and
#                   examples/fleet.rexx against it
#   make install    go install ./cmd/rexxlxd (pure Go, as make build) into
#                   $(go env GOBIN), or $(go env GOPATH)/bin (~/go/bin)
#   make release    static binaries for linux/amd64 and linux/arm64 and their
#                   SHA256 sums in dist/
#   make man        docs/rexxlxd.1 from rexxlxd --man (the same table as --help)
#   make bench      the benchmarks, interpreter and LXD

GO ?= go
export PATH := $(PATH):/usr/local/go/bin

.PHONY: build test check lxd cluster testtools demo install release man bench fmt

# BIN is where make build writes the binary.
BIN ?= rexxlxd
# The commit --version shows: the go command stamps it itself in a git
# checkout (-buildvcs=auto, whatever GOFLAGS says), but not in a git
# worktree, whose .git is a file; there main.buildCommit says it.
COMMIT := $(shell git rev-parse HEAD 2>/dev/null)$(shell git diff --quiet HEAD 2>/dev/null || echo -modified)
GOBUILD := -buildvcs=auto -ldflags '-X main.buildCommit=$(COMMIT)'
# Release binaries leave out the symbol table and DWARF (-s -w): a third
# smaller; a panic's stack trace still names functions and lines.
RELEASEBUILD := -trimpath -buildvcs=auto -ldflags '-s -w -X main.buildCommit=$(COMMIT)'
# VERSION names the release binaries.
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)

# The shipped binary is pure Go (CGO_ENABLED=0): nothing in rexxlxd needs
# cgo (names of LXD remotes resolve with Go's own DNS resolver, which reads
# /etc/hosts, /etc/nsswitch.conf and /etc/resolv.conf; os/user is not
# used), and without cgo the binary is static, so no dynamic loader maps
# libc and no pthread start-up runs: `rexxlxd -e 'say 1'` starts in about
# two thirds of the time and with fewer pages (see bench/startup.sh).
# Tests keep the toolchain's default, as they run no built binary.
build:
	CGO_ENABLED=0 $(GO) build $(GOBUILD) -o $(BIN) ./cmd/rexxlxd

test:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) test -p 1 -count=1 -timeout 40m ./...

# check is the one command for all tests, the one .ci/run calls: the
# standalone daemon and the three-member test cluster are brought up
# (idempotent), and no LXD or cluster test may skip.
check: lxd cluster testtools
	REXXLXD_REQUIRE_LXD=1 REXXLXD_TEST_CLUSTER=cluster REXXLXD_TEST_REMOTE=cluster $(MAKE) test

lxd:
	bash scripts/lxd-setup.sh

# testtools installs what tests outside LXD run besides Go: zsh, in which
# TestCompletionZsh presses Tab (it skips without it elsewhere).
testtools:
	@command -v zsh >/dev/null || { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq zsh >/dev/null || \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq zsh >/dev/null; }; }

cluster: lxd
	bash scripts/lxd-cluster.sh up

demo: lxd build
	./rexxlxd examples/cow.rexx
	./rexxlxd examples/fleet.rexx

install:
	CGO_ENABLED=0 $(GO) install $(GOBUILD) ./cmd/rexxlxd

# release cross-compiles the static, pure-Go binary (-trimpath: no build
# machine paths in it) and writes SHA256SUMS beside them, for sha256sum -c.
release:
	rm -rf dist && mkdir -p dist
	for arch in amd64 arm64; do \
		CGO_ENABLED=0 GOOS=linux GOARCH=$$arch $(GO) build $(RELEASEBUILD) \
			-o dist/rexxlxd-$(VERSION)-linux-$$arch ./cmd/rexxlxd || exit 1; \
	done
	cd dist && sha256sum rexxlxd-* > SHA256SUMS

man:
	$(GO) run ./cmd/rexxlxd --man > docs/rexxlxd.1

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

fmt:
	gofmt -w $$(git ls-files '*.go')
