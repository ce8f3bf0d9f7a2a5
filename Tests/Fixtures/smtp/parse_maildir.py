#!/usr/bin/env python3
"""Prints, as JSON, every message of a maildir as Python's email package reads it: headers,
the decoded subject and sender, threading headers, defects and each MIME part with its
decoded content. Messages are in delivery order (by file time, then name)."""
import base64
import email
import email.policy
import email.utils
import json
import os
import sys


def describe(path):
    with open(path, "rb") as handle:
        raw = handle.read()
    message = email.message_from_bytes(raw, policy=email.policy.default)
    parts = []
    for part in message.walk():
        if part.is_multipart():
            parts.append({"content_type": part.get_content_type(), "multipart": True,
                          "defects": [str(d) for d in part.defects]})
            continue
        content = part.get_content()
        raw_bytes = part.get_payload(decode=True) or b""
        parts.append({
            "content_type": part.get_content_type(),
            "multipart": False,
            "charset": part.get_content_charset(),
            "transfer_encoding": part.get("Content-Transfer-Encoding", ""),
            "content": content.replace("\r\n", "\n") if isinstance(content, str) else "",
            "data_base64": "" if isinstance(content, str) else base64.b64encode(raw_bytes).decode("ascii"),
            "content_id": str(part.get("Content-ID", "")),
            "disposition": part.get_content_disposition() or "",
            "filename": part.get_filename() or "",
            "defects": [str(d) for d in part.defects],
        })
    date = message["Date"]
    lines = raw.split(b"\r\n") if b"\r\n" in raw else raw.split(b"\n")
    return {
        "headers": {key: str(value) for key, value in message.items()},
        "raw_subject": str(email.message_from_bytes(raw, policy=email.policy.compat32)["Subject"] or ""),
        "subject": str(message["Subject"]),
        "from": str(message["From"]),
        "from_display_name": message["From"].addresses[0].display_name if message["From"] else "",
        "to": [a.addr_spec for a in message["To"].addresses] if message["To"] else [],
        "message_id": str(message["Message-ID"] or ""),
        "in_reply_to": str(message["In-Reply-To"] or ""),
        "references": str(message["References"] or "").split(),
        "date_epoch": email.utils.parsedate_to_datetime(str(date)).timestamp() if date else None,
        "defects": [str(d) for d in message.defects],
        "longest_line": max(len(line) for line in lines),
        "parts": parts,
    }


def main():
    directory = sys.argv[1]
    if os.path.isfile(directory):
        # One message file, not a maildir.
        json.dump([describe(directory)], sys.stdout)
        return
    paths = []
    for sub in ("new", "cur"):
        folder = os.path.join(directory, sub)
        if os.path.isdir(folder):
            paths += [os.path.join(folder, name) for name in os.listdir(folder)]
    paths.sort(key=lambda p: (os.stat(p).st_mtime_ns, p))
    json.dump([describe(p) for p in paths], sys.stdout)


if __name__ == "__main__":
    main()
