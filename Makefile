# ixp-health — the commands a newcomer needs (run as root on Debian 12).
#
#   make run    install what is needed, build, start the lab exchange, run the agent on it
#   make test   install what the tests need and run them all
#   make deb    build the Debian package (build/deb/ixp-health_VERSION_ARCH.deb)
#   make install  install it on this machine without a package (binary, unit, config, user)

SWIFT       ?= swift
CONFIG      ?= Lab/config.yaml
APT_PACKAGES = libsnmp-dev snmpd snmp libpcap-dev tshark tcpdump tcpreplay iproute2 curl adduser systemd \
               prometheus python3 python3-pip libsqlite3-dev openssl chromium fonts-dejavu-core bird2
PIP_PACKAGES = snmpsim==1.2.2 pysmi==2.0.0 aiosmtpd==1.4.6
BENCH_APT    = prometheus-snmp-exporter rrdtool hyperfine

.PHONY: deps deps-bench build release test run lab-up lab-down bench-snmp deb install clean

## Install the Debian and PyPI packages the agent and its tests use.
deps:
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
## captures, Prometheus, aiosmtpd, Python's http.server and Chromium. One test at a time: the
## tests' own servers (snmpd, aiosmtpd, http.server) answer within the tests' timeouts only when
## they do not share the machine's two cores with a dozen other tests.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --no-parallel

## Start the network-namespace lab exchange and run the agent on it (Ctrl-C stops the agent).
run: deps release lab-up
	.build/release/ixp-health run --config $(CONFIG)

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
	$(SWIFT) build -c release --static-swift-stdlib --product ixp-health
	Deploy/install.sh --binary .build/release/ixp-health

clean:
	rm -rf .build
