#!/usr/bin/env python3
"""Checks that every module a target imports is a declared dependency of that target.

For each Swift target of Package.swift (read through `swift package dump-package`), every
`import X` in its files (any form: `@testable import`, `public import`, `import struct X.Y`,
inside `#if` or not) must name the target itself, a target or product it depends on, or a
module of the toolchain (Foundation, Glibc, Dispatch, Synchronization, Testing, XCTest, ...).
A product is taken to provide the module of the same name, which holds for every package this
one uses. Prints the undeclared imports per target and exits 1 if there are any, 0 otherwise.

Usage: .ci/check-imports.py [PACKAGE_DIR]     (SWIFT names the swift binary; default swift)
"""
import json
import os
import re
import subprocess
import sys

# Modules that come with the toolchain or the platform, never declared in Package.swift.
TOOLCHAIN = {
    "Swift", "_Concurrency", "_StringProcessing", "_Differentiation", "RegexBuilder", "Observation",
    "Distributed", "Synchronization", "Cxx", "CxxStdlib",
    "Foundation", "FoundationEssentials", "FoundationInternationalization", "FoundationNetworking",
    "FoundationXML", "CoreFoundation", "Dispatch",
    "Glibc", "SwiftGlibc", "Musl", "Bionic", "Android", "Darwin", "WinSDK", "ucrt", "os",
    "Testing", "XCTest",
}

IMPORT = re.compile(
    r"^\s*(?:@[A-Za-z_]+(?:\([^)]*\))?\s+)*"          # @testable, @preconcurrency, @_spi(X), ...
    r"(?:(?:public|package|internal|fileprivate|private)\s+)?"
    r"import\s+(?:(?:typealias|struct|class|enum|protocol|let|var|func)\s+)?"
    r"([A-Za-z_][A-Za-z0-9_]*)"
)


def dump_package(directory):
    swift = os.environ.get("SWIFT", "swift")
    try:
        result = subprocess.run([swift, "package", "--package-path", directory, "dump-package"],
                                capture_output=True, text=True, check=False)
    except OSError as error:
        sys.exit("check-imports: cannot run %s: %s" % (swift, error))
    if result.returncode != 0:
        sys.exit("check-imports: `swift package dump-package` failed:\n" + result.stderr)
    return json.loads(result.stdout)


def declared_modules(target):
    """The module names a target may import: its own, and those of its dependencies."""
    names = {target["name"].replace("-", "_")}
    for dependency in target.get("dependencies", []):
        for kind in ("byName", "target", "product"):
            if kind in dependency:
                names.add(dependency[kind][0].replace("-", "_"))
    return names


def target_directory(directory, target):
    if target.get("path"):
        return os.path.join(directory, target["path"])
    parent = "Tests" if target["type"] == "test" else "Sources"
    return os.path.join(directory, parent, target["name"])


def swift_files(root, excluded):
    excluded = {os.path.normpath(os.path.join(root, entry)) for entry in excluded}
    for current, folders, files in os.walk(root):
        folders[:] = sorted(f for f in folders if os.path.join(current, f) not in excluded)
        for name in sorted(files):
            path = os.path.join(current, name)
            if name.endswith(".swift") and path not in excluded:
                yield path


def imports(path):
    """(line number, module) of every import in the file; block comments and multi-line string
    literals (which may hold Python or shell scripts with imports of their own) are skipped."""
    found = []
    in_comment = False
    in_string = False
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if in_comment:
                if "*/" in line:
                    in_comment = False
                continue
            if line.count('"""') % 2 == 1:
                in_string = not in_string
                continue
            if in_string:
                continue
            if line.lstrip().startswith("/*") and "*/" not in line:
                in_comment = True
                continue
            match = IMPORT.match(line)
            if match:
                found.append((number, match.group(1)))
    return found


def main():
    directory = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".")
    package = dump_package(directory)
    problems = {}
    for target in package["targets"]:
        if target["type"] in ("system", "binary", "plugin", "macro"):
            continue
        allowed = declared_modules(target) | TOOLCHAIN
        root = target_directory(directory, target)
        for path in swift_files(root, target.get("exclude", [])):
            for number, module in imports(path):
                if module not in allowed:
                    where = "%s:%d" % (os.path.relpath(path, directory), number)
                    problems.setdefault(target["name"], {}).setdefault(module, []).append(where)
    if not problems:
        print("check-imports: every import is a declared dependency of its target")
        return 0
    count = sum(len(modules) for modules in problems.values())
    print("check-imports: %d undeclared import(s); add them to the target's dependencies in Package.swift:"
          % count, file=sys.stderr)
    for target in sorted(problems):
        for module in sorted(problems[target]):
            places = problems[target][module]
            print("  target %s imports %s, not among its dependencies (%s%s)"
                  % (target, module, ", ".join(places[:3]), ", ..." if len(places) > 3 else ""),
                  file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
