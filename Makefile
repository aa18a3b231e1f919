# The two commands of the README, and the pieces they are made of.
#   make demo   set everything up and run the demo
#   make test   set everything up and run every test
.PHONY: demo test deps build build-asan env-up env-down clean

STATE := build/testenv

demo:
	@scripts/demo.sh

test:
	@scripts/test.sh

deps:
	@scripts/install-deps.sh
	@scripts/python-env.sh

build: deps
	@cmake --preset release >/dev/null && cmake --build --preset release --target tablekeeper

build-asan: deps
	@cmake --preset asan >/dev/null && cmake --build --preset asan

env-up: deps
	@testenv/up.sh $(STATE)

env-down:
	@testenv/down.sh $(STATE)

clean: env-down
	rm -rf build
