module github.com/rexxlxd/rexxlxd

go 1.26.8

require gopkg.in/yaml.v3 v3.0.1

require github.com/gorilla/websocket v1.5.3

require (
	github.com/chzyer/readline v1.5.1
	github.com/creack/pty v1.1.24
	github.com/rogpeppe/go-internal v1.16.0
	golang.org/x/sys v0.26.0
	golang.org/x/tools v0.26.0 // indirect
)
