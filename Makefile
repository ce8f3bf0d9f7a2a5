# ixp-health — the commands a newcomer needs (run as root on Debian 12).
#
#   make run    install what is needed, build, start the lab exchange, run the agent on it
#   make test   install what the tests need and run them all
#   make deb    build the Debian package (build/deb/ixp-health_VERSION_ARCH.deb)
#   make install  install it on this machine without a package (binary, unit, config, user)

SWIFT       ?= swift
APT_PACKAGES = libsnmp-dev snmpd snmp libpcap-dev tshark tcpdump tcpreplay iproute2 curl adduser systemd \
               prometheus python3 python3-pip libsqlite3-dev openssl chromium fonts-dejavu-core \
               bird2 procps pmacct binutils sqlite3 rrdtool
PIP_PACKAGES = snmpsim==1.2.2 pysmi==2.0.0 aiosmtpd==1.4.6 openapi-core==0.23.1 requests==2.34.2
BENCH_APT    = prometheus-snmp-exporter hyperfine

.PHONY: deps deps-bench build release release-run test test-fuzz run test-lab lab-up lab-down bench-snmp deb install clean

## Install the Debian and PyPI packages the agent and its tests use.
deps:
	@echo "==> [deps] installing the Debian and PyPI packages (apt-get, pip): a minute or two the first time"
	apt-get update -q
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q $(APT_PACKAGES)
	python3 -m pip install -q $(PIP_PACKAGES) || python3 -m pip install -q --break-system-packages $(PIP_PACKAGES)

## And what the benchmarks compare against.
deps-bench: deps
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q $(BENCH_APT)

build:
	$(SWIFT) build

release:
	$(SWIFT) build -c release

## The whole test suite: unit, golden-file and integration tests against real snmpd, snmpsim,
## captures, Prometheus, aiosmtpd, Python's http.server and Chromium. The tests run in parallel
## (Swift Testing's default; there are no XCTest cases): every server a test starts takes a free
## port, a scratch folder and namespaces named per test, async tests wait for commands and
## servers without holding a thread, and readiness bounds are sized for a loaded 2-core machine
## (docs/development.md). The long forms are not part of it: `make test-fuzz`,
## FAULTS_KILL_LOOP=100 (docs/reliability.md), Lab/soak.sh and Benchmarks/.
## TEST_WIDTH bounds how many tests run at once: Swift's cooperative pool has one thread per
## core, and with no bound every test starts its servers at the same moment and waits its turn
## for a thread while their timeouts run.
TEST_WIDTH ?= 6
test: deps
	$(SWIFT) build --build-tests
	SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH=$(TEST_WIDTH) $(SWIFT) test --skip-build

## Start the living lab exchange (members with BIRD, route servers, traffic, eight misbehaving
## members, member export over HTTPS, a mail server), import two years of its history, and run
## the agent on it. Prints the dashboard, report and mail locations; Ctrl-C removes the lab.
run: deps release-run
	@echo "==> [lab] starting the lab and the agent (Lab/run.sh)"
	Lab/run.sh --bin .build/release/ixp-health

## The two programs `make run` needs, in release mode.
release-run:
	@echo "==> [build] ixp-health and synth-history in release mode: the first build compiles about 1,200"
	@echo "    files (SwiftNIO, BoringSSL, GRDB, …) and takes 10-20 minutes on 2 cores; later builds take seconds."
	@echo "    swift prints [done/total] as it goes."
	$(SWIFT) build -c release --product ixp-health
	$(SWIFT) build -c release --product synth-history

## The living lab end to end (root): up, every misbehaving member shown, a mail, all removed.
test-lab: release-run
	Lab/test-lab.sh --bin .build/release/ixp-health

## Every libFuzzer target of Fuzz/ built and run for 15 s on its kept corpus (Fuzz/README.md);
## about 3 minutes with the builds. Needs the debug build `make test` leaves.
test-fuzz:
	WORK=$$(mktemp -d /tmp/ixp-fuzz-XXXXXX) FUZZ_FLAGS=-max_total_time=15 Fuzz/run.sh 20000 all

lab-up:
	Lab/lab.sh up

lab-down:
	Lab/lab.sh down

bench-snmp: deps-bench release
	Benchmarks/snmp/run.sh

## The Debian package: a release build with the Swift runtime linked in, the systemd unit, an
## annotated /etc/ixp-health/config.yaml, dashboards, rules and probes (Deploy/).
deb: deps
	Deploy/build-deb.sh

## The same files installed directly (Deploy/install.sh), plus the ixp-health user.
install: deps
	$(SWIFT) build -c release --static-swift-stdlib --scratch-path .build-static --product ixp-health
	Deploy/install.sh --binary .build-static/release/ixp-health

clean:
	rm -rf .build
