// The send journal: one SQLite row per (campaign, département, recipient), written before and
// after each delivery attempt, so that a re-run never sends twice and a crash loses nothing.

import Foundation
import Synchronization
import GRDB
#if canImport(Glibc)
import Glibc
#endif

/// Where a journaled message stands.
package enum DeliveryStatus: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
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
package struct JournalEntry: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    package static let databaseTableName = "message"

    package var campaign: String
    package var departement: String
    /// The recipient's address, lower case: the key.
    package var recipient: String
    package var recipientName: String?
    package var ficheFile: String
    /// SHA-256 of the fiche sent (or to send).
    package var ficheSHA256: String
    package var status: DeliveryStatus
    package var attempts: Int
    /// The SMTP reply code of the last attempt (e.g. 250, 451, 550), if any.
    package var smtpCode: Int?
    /// The SMTP reply text (or transport error) of the last attempt.
    package var smtpReply: String?
    /// The Message-ID (without brackets), kept across retries.
    package var messageID: String
    package var createdAt: Date
    package var updatedAt: Date
    package var sentAt: Date?

    enum CodingKeys: String, CodingKey, ColumnExpression {
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
    package var key: JournalKey { JournalKey(campaign: campaign, departement: departement, recipient: recipient) }
}

/// The identity of a journal entry: campaign, département and recipient address (lower case).
package struct JournalKey: Hashable, Sendable, CustomStringConvertible {
    package var campaign: String
    package var departement: String
    package var recipient: String

    package init(campaign: String, departement: String, recipient: String) {
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
package enum JournalError: Error, CustomStringConvertible {
    case locked(String)

    package var description: String {
        switch self {
        case let .locked(path): return "\(path) is in use by another `fiche mail` run (lock \(path).lock)"
        }
    }
}

/// The SQLite send journal (GRDB). Every write is its own durable transaction.
/// Sendable: GRDB's `DatabaseQueue` serialises access itself, and the campaign lock's
/// file descriptor is kept behind a `Mutex`.
package final class MailJournal: Sendable {
    package let path: String
    let db: DatabaseQueue
    /// The descriptor of `path.lock` while the campaign lock is held, else -1.
    private let lockDescriptor = Mutex<Int32>(-1)

    /// Opens (creating if needed) the journal at `path`.
    package init(path: String) throws {
        self.path = path
        try FileManager.default.createDirectory(
            at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
        var config = Configuration()
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            // Durable commits: a message recorded as "sent" stays so after a crash or power cut.
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        db = try DatabaseQueue(path: path, configuration: config)
        try db.writeWithoutTransaction { db in
            _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
        }
        try Self.migrator.migrate(db)
    }

    deinit { unlock() }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "message") { t in
                t.column("campaign", .text).notNull()
                t.column("departement", .text).notNull()
                t.column("recipient", .text).notNull()
                t.column("recipient_name", .text)
                t.column("fiche_file", .text).notNull()
                t.column("fiche_sha256", .text).notNull()
                t.column("status", .text).notNull()
                t.column("attempts", .integer).notNull().defaults(to: 0)
                t.column("smtp_code", .integer)
                t.column("smtp_reply", .text)
                t.column("message_id", .text).notNull()
                t.column("created_at", .datetime).notNull()
                t.column("updated_at", .datetime).notNull()
                t.column("sent_at", .datetime)
                t.primaryKey(["campaign", "departement", "recipient"])
            }
            try db.create(index: "message_status", on: "message", columns: ["campaign", "status"])
        }
        return migrator
    }

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
    package func unlock() {
        lockDescriptor.withLock { descriptor in
            if descriptor >= 0 {
                flock(descriptor, LOCK_UN)
                close(descriptor)
                descriptor = -1
            }
        }
    }

    /// The entry for `key`, if any.
    package func entry(_ key: JournalKey) throws -> JournalEntry? {
        try db.read { db in
            try JournalEntry
                .filter(JournalEntry.CodingKeys.campaign == key.campaign
                    && JournalEntry.CodingKeys.departement == key.departement
                    && JournalEntry.CodingKeys.recipient == key.recipient)
                .fetchOne(db)
        }
    }

    /// All entries of `campaign`, by département and recipient.
    package func entries(campaign: String) throws -> [JournalEntry] {
        try db.read { db in
            try JournalEntry
                .filter(JournalEntry.CodingKeys.campaign == campaign)
                .order(JournalEntry.CodingKeys.departement, JournalEntry.CodingKeys.recipient)
                .fetchAll(db)
        }
    }

    /// The campaigns in the journal.
    package func campaigns() throws -> [String] {
        try db.read { db in try String.fetchAll(db, sql: "SELECT DISTINCT campaign FROM message ORDER BY campaign") }
    }

    /// Creates pending entries for keys not yet journaled; returns every entry of the keys.
    package func ensurePending(_ planned: [JournalEntry]) throws -> [JournalEntry] {
        try db.write { db in
            var result: [JournalEntry] = []
            for entry in planned {
                if let existing = try JournalEntry.fetchOne(db, key: [
                    "campaign": entry.campaign, "departement": entry.departement, "recipient": entry.recipient,
                ]) {
                    result.append(existing)
                } else {
                    try entry.insert(db)
                    result.append(entry)
                }
            }
            return result
        }
    }

    /// Records that an attempt is starting: status `sending`, attempts + 1, fiche checksum and
    /// Message-ID of what is about to be handed over. Committed before the SMTP transaction.
    package func markSending(_ keys: [JournalKey], ficheSHA256: String, ficheFile: String, messageID: String, at date: Date = Date()) throws {
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
    package func record(_ keys: [JournalKey], status: DeliveryStatus, code: Int?, reply: String?, at date: Date = Date()) throws {
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
        return try db.write { db in
            var request = JournalEntry.filter(JournalEntry.CodingKeys.campaign == campaign && JournalEntry.CodingKeys.status == DeliveryStatus.sending.rawValue)
            if let departement { request = request.filter(JournalEntry.CodingKeys.departement == departement) }
            if let recipient { request = request.filter(JournalEntry.CodingKeys.recipient == recipient.lowercased()) }
            let entries = try request.fetchAll(db)
            let now = Date()
            for var entry in entries {
                entry.status = decision
                entry.updatedAt = now
                entry.smtpReply = (entry.smtpReply.map { $0 + " | " } ?? "") + "resolved by user as \(decision.rawValue)"
                if decision == .sent { entry.sentAt = now }
                try entry.update(db)
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
        try db.write { db in
            for key in keys {
                guard var entry = try JournalEntry.fetchOne(db, key: [
                    "campaign": key.campaign, "departement": key.departement, "recipient": key.recipient,
                ]) else { continue }
                change(&entry)
                try entry.update(db)
            }
        }
    }
}
