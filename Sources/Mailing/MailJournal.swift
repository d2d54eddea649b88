// The send journal: one SQLite row per (campaign, département, recipient), written before and
// after each delivery attempt, so that a re-run never sends twice and a crash loses nothing.

import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Where a journaled message stands.
package enum DeliveryStatus: String, Codable, Sendable, CaseIterable {
    /// Planned, never tried.
    case pending
    /// Handed to the SMTP server, outcome not recorded: the process stopped in the middle, or
    /// the connection was lost after the message was transmitted. Needs a decision
    /// (``MailJournal/resolveSending(campaign:as:)``); never re-sent on its own.
    case sending
    /// Accepted by the server (250 after DATA).
    case sent
    /// A temporary failure (4xx, connection): sent again by the next run.
    case deferred
    /// A permanent failure (5xx): recorded, not retried unless asked.
    case failed
}

/// One journaled message to one recipient.
package struct JournalEntry: Codable, Sendable, Equatable {
    var campaign: String
    package var departement: String
    /// The recipient's address, lower case: the key.
    package var recipient: String
    var recipientName: String?
    var ficheFile: String
    /// SHA-256 of the fiche sent (or to send).
    var ficheSHA256: String
    package var status: DeliveryStatus
    package var attempts: Int
    /// The SMTP reply code of the last attempt (e.g. 250, 451, 550), if any.
    var smtpCode: Int?
    /// The SMTP reply text (or transport error) of the last attempt.
    package var smtpReply: String?
    /// The Message-ID (without brackets), kept across retries.
    package var messageID: String
    var createdAt: Date
    var updatedAt: Date
    var sentAt: Date?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case campaign, departement, recipient, status, attempts
        case recipientName = "recipient_name"
        case ficheFile = "fiche_file"
        case ficheSHA256 = "fiche_sha256"
        case smtpCode = "smtp_code"
        case smtpReply = "smtp_reply"
        case messageID = "message_id"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case sentAt = "sent_at"
    }

    /// The journal key.
    var key: JournalKey { JournalKey(campaign: campaign, departement: departement, recipient: recipient) }
}

/// The identity of a journal entry: campaign, département and recipient address (lower case).
struct JournalKey: Hashable, Sendable, CustomStringConvertible {
    var campaign: String
    var departement: String
    var recipient: String

    init(campaign: String, departement: String, recipient: String) {
        self.campaign = campaign
        self.departement = departement
        self.recipient = recipient.lowercased()
    }

    package var description: String { "\(campaign)/\(departement)/\(recipient)" }
}

/// Counts by status, for `fiche mail --status` and reports.
package struct CampaignStatus: Sendable {
    package var campaign: String
    package var counts: [DeliveryStatus: Int]
    /// Entries that are not sent (sending, deferred, failed, pending), for listing.
    package var open: [JournalEntry]

    package var total: Int { counts.values.reduce(0, +) }
}

/// Why the journal could not be used.
enum JournalError: Error, CustomStringConvertible {
    case locked(String)

    package var description: String {
        switch self {
        case let .locked(path): return "\(path) is in use by another `fiche mail` run (lock \(path).lock)"
        }
    }
}

/// The SQLite send journal. Every write is its own durable transaction.
/// Sendable: the connection is used under its own lock (`SQLiteDatabase`), and the campaign
/// lock's file descriptor is kept behind a `Mutex`.
package final class MailJournal: Sendable {
    let path: String
    let db: SQLiteDatabase
    /// The descriptor of `path.lock` while the campaign lock is held, else -1.
    private let lockDescriptor = Mutex<Int32>(-1)

    /// Opens (creating if needed) the journal at `path`.
    package init(path: String) throws {
        self.path = path
        try FileManager.default.createDirectory(
            at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
        db = try SQLiteDatabase(path: path)
        try db.withoutTransaction { sql in
            // Durable commits: a message recorded as "sent" stays so after a crash or power cut.
            try sql.execute("PRAGMA synchronous = FULL")
            try sql.query("PRAGMA journal_mode = WAL")
        }
        try db.transaction { sql in try sql.execute(Self.schema) }
    }

    deinit { unlock() }

    /// The journal's table (the same as journals written by earlier versions).
    static let schema = """
        CREATE TABLE IF NOT EXISTS message (
            campaign TEXT NOT NULL, departement TEXT NOT NULL, recipient TEXT NOT NULL,
            recipient_name TEXT, fiche_file TEXT NOT NULL, fiche_sha256 TEXT NOT NULL, status TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0, smtp_code INTEGER, smtp_reply TEXT, message_id TEXT NOT NULL,
            created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL, sent_at DATETIME,
            PRIMARY KEY (campaign, departement, recipient));
        CREATE INDEX IF NOT EXISTS message_status ON message (campaign, status);
        """

    /// The columns in `JournalEntry.CodingKeys` order.
    static let columns = JournalEntry.CodingKeys.allCases.map(\.rawValue).joined(separator: ", ")

    /// Takes an exclusive lock so that two runs never send the same campaign at once.
    /// Released by ``unlock()`` or when the journal is released.
    package func lock() throws {
        try lockDescriptor.withLock { (descriptor: inout Int32) throws(JournalError) in
            guard descriptor < 0 else { return }
            let fd = open(path + ".lock", O_CREAT | O_RDWR, 0o644)
            guard fd >= 0 else { throw JournalError.locked(path) }
            if flock(fd, LOCK_EX | LOCK_NB) != 0 {
                close(fd)
                throw JournalError.locked(path)
            }
            descriptor = fd
        }
    }

    /// Releases the lock taken by ``lock()``.
    func unlock() {
        lockDescriptor.withLock { descriptor in
            if descriptor >= 0 {
                flock(descriptor, LOCK_UN)
                close(descriptor)
                descriptor = -1
            }
        }
    }

    /// The entry for `key`, if any.
    func entry(_ key: JournalKey) throws -> JournalEntry? {
        try db.withoutTransaction { sql in try Self.fetch(key, sql) }
    }

    /// All entries of `campaign`, by département and recipient.
    func entries(campaign: String) throws -> [JournalEntry] {
        try db.withoutTransaction { sql in
            try sql.query("SELECT \(Self.columns) FROM message WHERE campaign = ? ORDER BY departement, recipient",
                          [.text(campaign)]).map(JournalEntry.init(row:))
        }
    }

    /// The campaigns in the journal.
    func campaigns() throws -> [String] {
        try db.withoutTransaction { sql in
            try sql.query("SELECT DISTINCT campaign FROM message ORDER BY campaign").compactMap { $0.first?.text }
        }
    }

    /// Creates pending entries for keys not yet journaled; returns every entry of the keys.
    func ensurePending(_ planned: [JournalEntry]) throws -> [JournalEntry] {
        try db.transaction { sql in
            var result: [JournalEntry] = []
            for entry in planned {
                if let existing = try Self.fetch(entry.key, sql) {
                    result.append(existing)
                } else {
                    try Self.insert(entry, sql)
                    result.append(entry)
                }
            }
            return result
        }
    }

    /// Records that an attempt is starting: status `sending`, attempts + 1, fiche checksum and
    /// Message-ID of what is about to be handed over. Committed before the SMTP transaction.
    func markSending(_ keys: [JournalKey], ficheSHA256: String, ficheFile: String, messageID: String, at date: Date = Date()) throws {
        try update(keys) { entry in
            entry.status = .sending
            entry.attempts += 1
            entry.ficheSHA256 = ficheSHA256
            entry.ficheFile = ficheFile
            entry.messageID = messageID
            entry.updatedAt = date
        }
    }

    /// Records the outcome of an attempt.
    func record(_ keys: [JournalKey], status: DeliveryStatus, code: Int?, reply: String?, at date: Date = Date()) throws {
        try update(keys) { entry in
            entry.status = status
            entry.smtpCode = code
            entry.smtpReply = reply
            entry.updatedAt = date
            if status == .sent { entry.sentAt = date }
        }
    }

    /// A user's decision on entries left in `sending`: `.sent` (the message did arrive) or
    /// `.deferred` (send it again). Returns how many entries changed.
    @discardableResult
    package func resolveSending(campaign: String, as decision: DeliveryStatus, departement: String? = nil, recipient: String? = nil) throws -> Int {
        precondition(decision == .sent || decision == .deferred, "a leftover 'sending' is resolved as sent or deferred")
        return try db.transaction { sql in
            var condition = "campaign = ? AND status = ?"
            var arguments: [SQLiteValue] = [.text(campaign), .text(DeliveryStatus.sending.rawValue)]
            if let departement { condition += " AND departement = ?"; arguments.append(.text(departement)) }
            if let recipient { condition += " AND recipient = ?"; arguments.append(.text(recipient.lowercased())) }
            let entries = try sql.query("SELECT \(Self.columns) FROM message WHERE \(condition)", arguments).map(JournalEntry.init(row:))
            let now = Date()
            for var entry in entries {
                entry.status = decision
                entry.updatedAt = now
                entry.smtpReply = (entry.smtpReply.map { $0 + " | " } ?? "") + "resolved by user as \(decision.rawValue)"
                if decision == .sent { entry.sentAt = now }
                try Self.save(entry, sql)
            }
            return entries.count
        }
    }

    /// Counts by status and the entries not yet sent.
    package func status(campaign: String) throws -> CampaignStatus {
        let all = try entries(campaign: campaign)
        var counts: [DeliveryStatus: Int] = [:]
        for entry in all { counts[entry.status, default: 0] += 1 }
        return CampaignStatus(campaign: campaign, counts: counts, open: all.filter { $0.status != .sent })
    }

    private func update(_ keys: [JournalKey], _ change: (inout JournalEntry) -> Void) throws {
        try db.transaction { sql in
            for key in keys {
                guard var entry = try Self.fetch(key, sql) else { continue }
                change(&entry)
                try Self.save(entry, sql)
            }
        }
    }

    // MARK: - Rows

    static func fetch(_ key: JournalKey, _ sql: SQLiteStatements) throws -> JournalEntry? {
        try sql.query("SELECT \(columns) FROM message WHERE campaign = ? AND departement = ? AND recipient = ?",
                      [.text(key.campaign), .text(key.departement), .text(key.recipient)]).first.map(JournalEntry.init(row:))
    }

    static func insert(_ entry: JournalEntry, _ sql: SQLiteStatements) throws {
        let placeholders = Array(repeating: "?", count: JournalEntry.CodingKeys.allCases.count).joined(separator: ", ")
        try sql.query("INSERT INTO message (\(columns)) VALUES (\(placeholders))", entry.row)
    }

    static func save(_ entry: JournalEntry, _ sql: SQLiteStatements) throws {
        try sql.query("INSERT OR REPLACE INTO message (\(columns)) VALUES (\(Array(repeating: "?", count: entry.row.count).joined(separator: ", ")))",
                      entry.row)
    }
}

extension JournalEntry {
    /// The entry's values in `CodingKeys` order.
    var row: [SQLiteValue] {
        func text(_ value: String?) -> SQLiteValue { value.map { .text($0) } ?? .null }
        func integer(_ value: Int?) -> SQLiteValue { value.map { .integer(Int64($0)) } ?? .null }
        return JournalEntry.CodingKeys.allCases.map { key in
            switch key {
            case .campaign: return .text(campaign)
            case .departement: return .text(departement)
            case .recipient: return .text(recipient)
            case .status: return .text(status.rawValue)
            case .attempts: return .integer(Int64(attempts))
            case .recipientName: return text(recipientName)
            case .ficheFile: return .text(ficheFile)
            case .ficheSHA256: return .text(ficheSHA256)
            case .smtpCode: return integer(smtpCode)
            case .smtpReply: return text(smtpReply)
            case .messageID: return .text(messageID)
            case .createdAt: return .text(JournalDate.text(createdAt))
            case .updatedAt: return .text(JournalDate.text(updatedAt))
            case .sentAt: return text(sentAt.map(JournalDate.text))
            }
        }
    }

    /// An entry from a row in `CodingKeys` order.
    init(row: [SQLiteValue]) throws {
        var values: [CodingKeys: SQLiteValue] = [:]
        for (key, value) in zip(CodingKeys.allCases, row) { values[key] = value }
        func text(_ key: CodingKeys) -> String? { values[key]?.text }
        func required(_ key: CodingKeys) throws -> String {
            guard let value = text(key) else { throw SQLiteError(code: 0, message: "journal row without \(key.rawValue)") }
            return value
        }
        guard let status = DeliveryStatus(rawValue: try required(.status)) else {
            throw SQLiteError(code: 0, message: "unknown journal status '\(text(.status) ?? "")'")
        }
        self.init(
            campaign: try required(.campaign), departement: try required(.departement), recipient: try required(.recipient),
            recipientName: text(.recipientName), ficheFile: try required(.ficheFile), ficheSHA256: try required(.ficheSHA256),
            status: status, attempts: Int(values[.attempts]?.integer ?? 0),
            smtpCode: values[.smtpCode]?.integer.map { Int($0) }, smtpReply: text(.smtpReply),
            messageID: try required(.messageID),
            createdAt: try JournalDate.date(required(.createdAt)), updatedAt: try JournalDate.date(required(.updatedAt)),
            sentAt: try text(.sentAt).map(JournalDate.date))
    }
}

/// Dates as the journal stores them: UTC "yyyy-MM-dd HH:mm:ss.SSS" (the format of journals
/// written by earlier versions).
enum JournalDate {
    static func formatter() -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss.SSS"
        return formatter
    }

    static func text(_ date: Date) -> String { formatter().string(from: date) }

    static func date(_ text: String) throws -> Date {
        let formatter = formatter()
        if let date = formatter.date(from: text) { return date }
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        if let date = formatter.date(from: text) { return date }
        throw SQLiteError(code: 0, message: "journal date '\(text)' is not yyyy-MM-dd HH:mm:ss.SSS")
    }
}
