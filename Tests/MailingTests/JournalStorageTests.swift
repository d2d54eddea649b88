import Foundation
import Testing
@testable import Mailing

/// The journal's own storage on SQLite: journals written by earlier versions (GRDB, same
/// table) are read as they are, and every field survives a round trip.
@Suite struct JournalStorageTests {
    @Test func aJournalWrittenByTheEarlierVersionIsRead() throws {
        let path = Fixture.temporaryDirectory("journal").appendingPathComponent("old.sqlite").path
        let database = try SQLiteDatabase(path: path)
        try database.transaction { sql in
            // As GRDB wrote it: its migrations table, the same schema, dates as text.
            try sql.execute("CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY); INSERT INTO grdb_migrations VALUES ('v1');")
            try sql.execute(MailJournal.schema)
            try sql.query("""
                INSERT INTO message VALUES ('c2025', '95', 'elu@example.org', 'Élue', '95-val-d-oise.pdf', 'ab12', 'sent', 1,
                250, '250 OK', 'fiche.c2025.95@example.org', '2025-03-01 09:30:00.000', '2025-03-01 09:30:01.250', '2025-03-01 09:30:01.250')
                """)
        }
        let journal = try MailJournal(path: path)
        let entry = try #require(try journal.entry(JournalKey(campaign: "c2025", departement: "95", recipient: "ELU@example.org")))
        #expect(entry.status == .sent && entry.attempts == 1 && entry.smtpCode == 250 && entry.recipientName == "Élue")
        #expect(entry.sentAt == Date(timeIntervalSince1970: 1_740_821_401.25))
        #expect(try journal.campaigns() == ["c2025"])
    }

    @Test func everyFieldSurvivesARoundTrip() throws {
        let journal = try MailJournal(path: Fixture.temporaryDirectory("journal").appendingPathComponent("j.sqlite").path)
        let date = Date(timeIntervalSince1970: 1_750_000_000.125)
        let entry = JournalEntry(campaign: "c", departement: "2A", recipient: "a@b.fr", recipientName: nil, ficheFile: "f.pdf",
                                 ficheSHA256: "00", status: .pending, attempts: 0, smtpCode: nil, smtpReply: "l’apostrophe ; \"quotes\"",
                                 messageID: "m@x", createdAt: date, updatedAt: date, sentAt: nil)
        #expect(try journal.ensurePending([entry]) == [entry])
        #expect(try journal.entry(entry.key) == entry)
        try journal.record([entry.key], status: .failed, code: 550, reply: "550 no", at: date)
        let failed = try #require(try journal.entry(entry.key))
        #expect(failed.status == .failed && failed.smtpCode == 550 && failed.smtpReply == "550 no")
    }
}
