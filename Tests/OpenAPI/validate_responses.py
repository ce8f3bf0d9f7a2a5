#!/usr/bin/env python3
"""Validates the live responses of a running ixp-health agent against openapi.yaml.

    validate_responses.py --spec openapi.yaml --base-url http://127.0.0.1:9470

Calls every documented endpoint, the error cases included (400, 404, 409 when a configured
silence is named, 413, 415), checks each response's status, headers and body against the spec with
openapi-core, and exits 1 listing every mismatch (0 when all match). Silences are created and
expired, and a finding acknowledged and its acknowledgement withdrawn, through the API, so
point it only at a test agent. Requires: openapi-core, requests.
"""
import argparse
import json
import sys
import time

import requests
from openapi_core import OpenAPI
from openapi_core.contrib.requests import RequestsOpenAPIRequest, RequestsOpenAPIResponse


class Checker:
    def __init__(self, spec, base):
        self.api = OpenAPI.from_file_path(spec)
        self.base = base.rstrip("/")
        self.session = requests.Session()
        self.failures = []
        self.checked = 0

    def call(self, method, path, expect, **options):
        """Sends a request, validates its response against the spec; returns the response."""
        request = requests.Request(method, self.base + path, **options)
        prepared = self.session.prepare_request(request)
        response = self.session.send(prepared, timeout=30)
        label = f"{method} {path} → {response.status_code}"
        if expect is not None and response.status_code != expect:
            self.failures.append(f"{label}: expected {expect}: {response.text[:300]}")
            return response
        try:
            self.api.validate_response(RequestsOpenAPIRequest(prepared), RequestsOpenAPIResponse(response))
        except Exception as error:  # openapi-core raises several error types; report each
            detail = error
            while getattr(detail, "__cause__", None) is not None:
                detail = detail.__cause__
            schema_errors = getattr(detail, "schema_errors", None) or getattr(error, "schema_errors", None)
            if schema_errors:
                detail = "; ".join(f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in schema_errors)
            self.failures.append(f"{label}: does not match openapi.yaml: {type(error).__name__}: {detail}")
        self.checked += 1
        return response


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spec", required=True)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--configured-silence", help="the id of a silence in the agent's configuration file")
    parser.add_argument("--wait", type=float, default=60, help="seconds to wait for the detector's first report")
    arguments = parser.parse_args()
    check = Checker(arguments.spec, arguments.base_url)

    check.call("GET", "/-/healthy", 200)
    check.call("GET", "/api/v1/status", 200)
    plain = check.call("GET", "/metrics", 200)
    if not plain.headers.get("Content-Type", "").startswith("text/plain; version=0.0.4"):
        check.failures.append(f"/metrics without Accept: Content-Type {plain.headers.get('Content-Type')}")
    om = check.call("GET", "/metrics", 200, headers={"Accept": "application/openmetrics-text;version=1.0.0,text/plain;q=0.5"})
    if not om.text.endswith("# EOF\n"):
        check.failures.append("/metrics in OpenMetrics does not end with # EOF")

    # History: list series, page through them, read one, sum them, and the error cases.
    listing = check.call("GET", "/api/v1/series?name=ixp_interface_up&limit=2", 200).json()
    if listing["page"]["total"] > 2 and listing["page"].get("next_offset") != 2:
        check.failures.append(f"series page 1 does not point to offset 2: {listing['page']}")
    check.call("GET", "/api/v1/series?name=ixp_interface_up&limit=2&offset=2", 200)
    now = int(time.time())
    if listing["series"]:
        labels = listing["series"][0]["labels"]
        query = "&".join(f"{requests.utils.quote(k)}={requests.utils.quote(v)}" for k, v in sorted(labels.items()))
        check.call("GET", f"/api/v1/query_range?name=ixp_interface_up&{query}&start={now - 900}&end={now}", 200)
        check.call("GET", f"/api/v1/query_range?name=ixp_interface_up&{query}&function=maximum", 200)
    else:
        check.failures.append("the agent stores no ixp_interface_up series")
    check.call("GET", f"/api/v1/sum_range?name=ixp_interface_up&start={now - 900}&end={now}", 200)
    check.call("GET", "/api/v1/query_range?name=ixp_interface_up&switch=no-such-switch", 404)
    check.call("GET", "/api/v1/sum_range?name=ixp_no_such_metric", 404)
    check.call("GET", "/api/v1/series", 400)
    check.call("GET", "/api/v1/series?name=ixp_interface_up&limit=0", 400)
    check.call("GET", "/api/v1/query_range?name=ixp_interface_up&start=yesterday", 400)
    check.call("GET", "/api/v1/sum_range?name=ixp_interface_up&function=median", 400)
    # The sFlow peering matrix (an empty list when the agent has no sFlow probe).
    check.call("GET", f"/api/v1/matrix?start={now - 86400}&end={now}&limit=5", 200)
    check.call("GET", "/api/v1/matrix?start=yesterday", 400)

    # The detector: findings now, the report once it has evaluated (503 before is documented too).
    deadline = time.time() + arguments.wait
    first = check.call("GET", "/api/v1/report", None)  # 503 before the first evaluation, else 200
    if first.status_code not in (200, 503):
        check.failures.append(f"GET /api/v1/report answered {first.status_code}")
    while requests.get(check.base + "/api/v1/report", timeout=30).status_code == 503 and time.time() < deadline:
        time.sleep(1)
    check.call("GET", "/api/v1/report", 200)
    check.call("GET", "/report", 200)
    check.call("GET", "/report?lang=fr", 200)
    check.call("GET", "/report?lang=xx", 400)
    check.call("GET", "/api/v1/findings", 200)
    check.call("GET", "/api/v1/findings?state=active&limit=1", 200)
    check.call("GET", "/api/v1/findings?state=resolved&offset=5", 200)
    check.call("GET", "/api/v1/findings?state=nonsense", 400)

    # Acknowledgements: acknowledge an active finding, see it listed, withdraw it, and the refusals.
    active = check.call("GET", "/api/v1/findings?state=active", 200)
    findings = active.json().get("findings", []) if active.status_code == 200 else []
    if findings:
        name = findings[0]["fingerprint"]
        path = f"/api/v1/findings/{name}/acknowledge"
        acknowledged = check.call("POST", path, 201, json={"by": "validate_responses.py", "comment": "openapi validation",
                                                           "expires": "1d"})
        if acknowledged.status_code == 201 and not acknowledged.json().get("acknowledged"):
            check.failures.append(f"POST {path} answered without the acknowledgement")
        listed = check.call("GET", "/api/v1/findings?state=active", 200).json()["findings"]
        if not any(f["fingerprint"] == name and f.get("acknowledged") for f in listed):
            check.failures.append("the acknowledged finding is not shown acknowledged in /api/v1/findings")
        check.call("POST", path, 400, json={"by": "validate_responses.py"})
        check.call("POST", path, 415, data=b"by=x&comment=y", headers={"Content-Type": "application/x-www-form-urlencoded"})
        check.call("DELETE", path, 200)
        check.call("DELETE", path, 404)
    else:
        check.failures.append("the agent has no active finding to acknowledge")
    check.call("POST", "/api/v1/findings/0000000000000000/acknowledge", 404, json={"by": "x", "comment": "y"})

    # The dashboard's read models: members, one member, ports, the peering LAN.
    members = check.call("GET", "/api/v1/members?limit=2", 200)
    if members.status_code == 200 and members.json().get("items"):
        check.call("GET", f"/api/v1/members/{members.json()['items'][0]['asn']}", 200)
    else:
        check.failures.append("GET /api/v1/members lists no member")
    check.call("GET", "/api/v1/members?lang=fr&offset=1", 200)
    check.call("GET", "/api/v1/members/4294967295", 404)
    check.call("GET", "/api/v1/members/not-an-asn", 400)
    check.call("GET", "/api/v1/members?limit=0", 400)
    check.call("GET", "/api/v1/ports?limit=5", 200)
    check.call("GET", "/api/v1/lan", 200)

    # Silences: create, list, expire, and the refusals.
    body = {"matchers": [{"name": "member_asn", "value": "64500"}, {"name": "rule", "value": "port_*"}],
            "duration": "2h", "comment": "openapi validation", "created_by": "validate_responses.py"}
    created = check.call("POST", "/api/v1/silences", 201, json=body)
    check.call("POST", "/api/v1/silences", 201, json={"matchers": [{"name": "switch", "value": "sw1"}], "duration": 60})
    check.call("GET", "/api/v1/silences", 200)
    check.call("GET", "/api/v1/silences?all=true&limit=1", 200)
    if created.status_code == 201:
        check.call("DELETE", f"/api/v1/silences/{created.json()['id']}", 200)
    check.call("DELETE", "/api/v1/silences/no-such-silence", 404)
    if arguments.configured_silence:
        check.call("DELETE", f"/api/v1/silences/{arguments.configured_silence}", 409)
    check.call("POST", "/api/v1/silences", 400, data=b"{}", headers={"Content-Type": "application/json"})
    check.call("POST", "/api/v1/silences", 400, json={"matchers": [{"name": "rule", "value": "x"}]})
    huge = json.dumps({"matchers": [], "comment": "x" * 20_000}).encode()
    check.call("POST", "/api/v1/silences", 413, data=huge, headers={"Content-Type": "application/json"})

    for failure in check.failures:
        print("FAIL", failure)
    print(f"{check.checked} responses match openapi.yaml; {len(check.failures)} failures")
    return 1 if check.failures else 0


if __name__ == "__main__":
    sys.exit(main())
