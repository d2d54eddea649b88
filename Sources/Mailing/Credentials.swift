// SMTP credentials: from the environment or a file, never from the command line.

import Foundation
import ProjectFiles

/// A user name and password for SMTP AUTH.
package struct SMTPCredentials: Sendable, Equatable {
    package var user: String
    package var password: String

    init(user: String, password: String) {
        self.user = user
        self.password = password
    }

    /// Environment variables read by ``load(file:environment:)``.
    static let userVariable = "FICHE_SMTP_USER"
    static let passwordVariable = "FICHE_SMTP_PASSWORD"

    /// Credentials from `file` when given, else from `FICHE_SMTP_USER` / `FICHE_SMTP_PASSWORD`;
    /// nil when neither gives any. The file holds either two lines (user, then password) or
    /// `user=…` and `password=…` lines (`FICHE_SMTP_USER=…` / `FICHE_SMTP_PASSWORD=…` too);
    /// blank lines and `#` comments are ignored.
    /// - Returns: the credentials and warnings (e.g. a file readable by others).
    package static func load(file: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> (SMTPCredentials?, [String]) {
        var warnings: [String] = []
        if let file {
            let url = URL(fileURLWithPath: file)
            let text: String
            do { text = try String(contentsOf: url, encoding: .utf8) } catch {
                throw CredentialsError.unreadable(file, plainReason(of: error))
            }
            if let attributes = try? FileManager.default.attributesOfItem(atPath: file),
               let mode = attributes[.posixPermissions] as? NSNumber, mode.intValue & 0o077 != 0 {
                warnings.append("\(file) is readable by other users (chmod 600 \(file))")
            }
            return (try parse(text, source: file), warnings)
        }
        let user = environment[userVariable] ?? ""
        let password = environment[passwordVariable] ?? ""
        if user.isEmpty && password.isEmpty { return (nil, warnings) }
        guard !user.isEmpty, !password.isEmpty else { throw CredentialsError.incomplete("environment (\(userVariable), \(passwordVariable))") }
        return (SMTPCredentials(user: user, password: password), warnings)
    }

    static func parse(_ text: String, source: String) throws -> SMTPCredentials {
        let lines = text.components(separatedBy: .newlines)
            .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\r")) }
            .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty && !$0.hasPrefix("#") }
        var user: String?
        var password: String?
        var plain: [String] = []
        for line in lines {
            if let eq = line.firstIndex(of: "=") {
                let key = line[..<eq].trimmingCharacters(in: .whitespaces).lowercased()
                let value = String(line[line.index(after: eq)...])
                switch key {
                case "user", "username", "login", userVariable.lowercased(): user = value.trimmingCharacters(in: .whitespaces); continue
                case "password", "pass", passwordVariable.lowercased(): password = value; continue
                default: break
                }
            }
            plain.append(line)
        }
        if user == nil, password == nil, plain.count == 2 {
            user = plain[0].trimmingCharacters(in: .whitespaces)
            password = plain[1]
        }
        guard let user, let password, !user.isEmpty, !password.isEmpty else { throw CredentialsError.incomplete(source) }
        return SMTPCredentials(user: user, password: password)
    }
}

/// Why credentials could not be read.
enum CredentialsError: Error, CustomStringConvertible {
    case unreadable(String, String)
    case incomplete(String)

    package var description: String {
        switch self {
        case let .unreadable(file, why): return "credentials file \(file): \(why)"
        case let .incomplete(source): return "\(source): expected a user and a password (two lines, or user=… and password=…)"
        }
    }
}
