// A small SQLite connection for the send journal: one table, a few statements, every write
// its own transaction. SQLite's C API is used directly: a full database toolkit (GRDB) cost
// over a minute of every fresh build for these eight statements.

import CSQLite
import Foundation
import Synchronization

/// An SQLite error, with SQLite's message.
struct SQLiteError: Error, CustomStringConvertible {
    var code: Int32
    var message: String
    package var description: String { "SQLite error \(code): \(message)" }
}

/// A value bound to or read from a statement.
enum SQLiteValue: Equatable, Sendable {
    case null
    case integer(Int64)
    case text(String)

    /// The text, or nil.
    var text: String? { if case .text(let value) = self { return value } else { return nil } }
    /// The integer, or nil.
    var integer: Int64? { if case .integer(let value) = self { return value } else { return nil } }
}

/// One connection, used under a lock: SQLite connections must not be shared between
/// threads without serialisation.
final class SQLiteDatabase: Sendable {
    /// The connection handle, only touched inside `connection.withLock`.
    private let connection: Mutex<OpaquePointer?>

    /// Opens (creating) the database at `path`, waiting up to `busyTimeout` seconds for
    /// another process's lock.
    init(path: String, busyTimeout: Double = 10) throws {
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let status = sqlite3_open_v2(path, &handle, flags, nil)
        guard status == SQLITE_OK, let opened = handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open \(path)"
            sqlite3_close(handle)
            throw SQLiteError(code: status, message: "\(path): \(message)")
        }
        sqlite3_busy_timeout(opened, Int32(busyTimeout * 1000))
        connection = Mutex(opened)
    }

    deinit {
        connection.withLock { handle in
            sqlite3_close_v2(handle)
            handle = nil
        }
    }

    /// Runs `body` inside one transaction (`BEGIN IMMEDIATE`: the write lock is taken first),
    /// committed when it returns, rolled back when it throws.
    func transaction<T: Sendable>(_ body: (SQLiteStatements) throws -> T) throws -> T {
        try connection.withLock { handle in
            let statements = SQLiteStatements(handle: handle)
            try statements.execute("BEGIN IMMEDIATE")
            do {
                let result = try body(statements)
                try statements.execute("COMMIT")
                return result
            } catch {
                try? statements.execute("ROLLBACK")
                throw error
            }
        }
    }

    /// Runs `body` outside a transaction (pragmas, reads).
    func withoutTransaction<T: Sendable>(_ body: (SQLiteStatements) throws -> T) throws -> T {
        try connection.withLock { handle in try body(SQLiteStatements(handle: handle)) }
    }
}

/// Statements on a connection held under its lock.
struct SQLiteStatements {
    let handle: OpaquePointer?

    /// Runs SQL without results (several statements allowed).
    func execute(_ sql: String) throws {
        var error: UnsafeMutablePointer<CChar>?
        let status = sqlite3_exec(handle, sql, nil, nil, &error)
        defer { sqlite3_free(error) }
        guard status == SQLITE_OK else {
            throw SQLiteError(code: status, message: error.map { String(cString: $0) } ?? "\(sql) failed")
        }
    }

    /// Runs one statement with `arguments` bound to its `?` parameters and returns its rows.
    @discardableResult
    func query(_ sql: String, _ arguments: [SQLiteValue] = []) throws -> [[SQLiteValue]] {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK else { throw lastError(sql) }
        defer { sqlite3_finalize(statement) }
        for (index, argument) in arguments.enumerated() {
            let position = Int32(index + 1)
            let status: Int32
            switch argument {
            case .null: status = sqlite3_bind_null(statement, position)
            case .integer(let value): status = sqlite3_bind_int64(statement, position, value)
            case .text(let value):
                // SQLITE_TRANSIENT: SQLite copies the text before this call returns.
                status = sqlite3_bind_text(statement, position, value, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
            }
            guard status == SQLITE_OK else { throw lastError(sql) }
        }
        var rows: [[SQLiteValue]] = []
        while true {
            let status = sqlite3_step(statement)
            if status == SQLITE_DONE { return rows }
            guard status == SQLITE_ROW else { throw lastError(sql) }
            rows.append((0..<sqlite3_column_count(statement)).map { column in
                switch sqlite3_column_type(statement, column) {
                case SQLITE_NULL: return .null
                case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, column))
                default:
                    return .text(sqlite3_column_text(statement, column).map { String(cString: $0) } ?? "")
                }
            })
        }
    }

    private func lastError(_ sql: String) -> SQLiteError {
        SQLiteError(code: sqlite3_errcode(handle), message: "\(String(cString: sqlite3_errmsg(handle))) (in \(sql.prefix(60)))")
    }
}
