# dwmigrate: the two commands are `make run` and `make test`.
.PHONY: all install build run test bench clean

NPM_STAMP := node_modules/.package-lock.json

all: build

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund

install: $(NPM_STAMP)

build: install
	npm run build --silent

# Start the emulator with the sample manifests' workspaces, apply the
# sample manifests against it, stop it, and print the report summary.
run: build
	bash scripts/demo.sh

test: build
	npm test

bench: build
	npm run bench

clean:
	rm -rf dist .dwmigrate .dwmigrate-emulator out
