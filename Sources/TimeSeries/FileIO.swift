#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin POSIX file operations that report `StoreError.io` with the path and the system's reason.
enum FileIO {
    /// The error of the last failed call, and whether it means the disk is full.
    static func failure(_ path: String, _ operation: String, _ code: Int32 = errno) -> StoreError {
        .io(path: path, operation: operation, reason: String(cString: strerror(code)) + " (errno \(code))")
    }

    static func isDiskFull(_ error: any Error) -> Bool {
        guard case .io(_, _, let reason) = error as? StoreError else { return false }
        return reason.contains("(errno \(ENOSPC))") || reason.contains("(errno \(EDQUOT))")
    }

    /// Opens `path` for writing; `truncate` empties it, otherwise writes append.
    static func openForWriting(_ path: String, truncate: Bool) throws -> Int32 {
        let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (truncate ? O_TRUNC : O_APPEND)
        let fd = open(path, flags, 0o644)
        guard fd >= 0 else { throw failure(path, "open for writing") }
        return fd
    }

    /// Writes all of `bytes`, retrying short writes and interruptions.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws {
        guard var pointer = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let written = write(fd, pointer, remaining)
            if written < 0 {
                if errno == EINTR { continue }
                throw failure(path, "write")
            }
            if written == 0 { throw failure(path, "write", ENOSPC) }
            pointer += written
            remaining -= written
        }
    }

    static func sync(_ fd: Int32, path: String) throws {
        guard fsync(fd) == 0 else { throw failure(path, "fsync") }
    }

    static func syncDirectory(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw failure(path, "open directory") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw failure(path, "fsync directory") }
    }

    static func rename(_ from: String, _ to: String) throws {
        #if canImport(Glibc)
        let result = Glibc.rename(from, to)
        #else
        let result = Darwin.rename(from, to)
        #endif
        guard result == 0 else { throw failure(to, "rename from \(from)") }
    }

    static func remove(_ path: String) { unlink(path) }

    static func closeDescriptor(_ fd: Int32) { close(fd) }

    /// Opens `path` and takes a POSIX write lock on it, so that a second process (another
    /// agent, or an import) cannot use the same state directory; returns the descriptor to keep.
    static func lockExclusively(_ path: String) throws -> Int32 {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure(path, "open lock file") }
        if lockf(fd, F_TLOCK, 0) != 0 {
            let code = errno
            close(fd)
            if code == EACCES || code == EAGAIN {
                throw StoreError.io(path: path, operation: "lock", reason: "another process (a running agent or import) is using this state directory; stop it first")
            }
            throw failure(path, "lock", code)
        }
        return fd
    }

    static func truncate(_ path: String, to length: Int) throws {
        #if canImport(Glibc)
        let result = Glibc.truncate(path, off_t(length))
        #else
        let result = Darwin.truncate(path, off_t(length))
        #endif
        guard result == 0 else { throw failure(path, "truncate") }
    }

    static func fileSize(_ path: String) -> Int? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Int(info.st_size)
    }

    /// A read-only mapping of a whole file; `body` gets its bytes (empty for an empty file).
    static func withMappedFile<R>(_ path: String, _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure(path, "open for reading") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw failure(path, "stat") }
        let size = Int(info.st_size)
        guard size > 0 else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        // Not MAP_POPULATE: a reader walks the file once and drops the pages behind it
        // (`dropPages`), so the whole file is never resident at once.
        guard let mapping = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), mapping != MAP_FAILED else {
            throw failure(path, "mmap")
        }
        _ = madvise(mapping, size, MADV_SEQUENTIAL)
        defer { munmap(mapping, size) }
        return try body(UnsafeRawBufferPointer(start: mapping, count: size))
    }

    /// Releases the pages of a file mapping from `start` up to `end` (whole pages inside
    /// that range) once they have been read: they leave the process' resident memory (the
    /// kernel keeps them in its page cache while it has room). Returns where the next range
    /// to drop starts.
    @discardableResult
    static func dropPages(_ bytes: UnsafeRawBufferPointer, from start: Int, upTo end: Int) -> Int {
        guard let base = bytes.baseAddress else { return start }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let first = start / page * page
        let last = min(end, bytes.count) / page * page
        guard last > first else { return start }
        _ = madvise(UnsafeMutableRawPointer(mutating: base + first), last - first, MADV_DONTNEED)
        return last
    }

    /// Names in a directory.
    static func list(_ path: String) throws -> [String] {
        guard let dir = opendir(path) else { throw failure(path, "open directory") }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    static func makeDirectory(_ path: String) throws {
        var components: [String] = []
        var current = ""
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            current += "/" + part
            components.append(current)
        }
        if !path.hasPrefix("/") { components = components.map { String($0.dropFirst()) } }
        for component in components {
            if mkdir(component, 0o755) != 0 && errno != EEXIST {
                throw failure(component, "create directory")
            }
        }
    }
}
