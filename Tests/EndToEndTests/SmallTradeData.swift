import Foundation

/// A small customs year written by the tests (a few hundred lines): six départements in
/// four regions, both flows, four quarters, a dozen activities and countries — real-looking
/// fiches, read in a fraction of the time the demo year takes in a debug build.
enum SmallTradeData {
    static let departements = ["95", "78", "75", "13", "01", "20"]

    /// Writes `trade.txt` into `directory` and returns its URL.
    @discardableResult
    static func write(into directory: URL) throws -> URL {
        let activities = [("C21Z", "2120"), ("C30C", "3030"), ("C26A", "2611"), ("C10Z", "1011"), ("A01Z", "0111"), ("C29A", "2910")]
        let countries = ["US", "DE", "CN", "IT", "ES", "GB", "BE", "NL", "CH", "JP", "PL", "MA"]
        var lines: [String] = []
        for (d, departement) in departements.enumerated() {
            for flow in ["E", "I"] {
                for quarter in 1...4 {
                    for (a, activity) in activities.enumerated() {
                        for (c, country) in countries.enumerated() where (a + c + d) % 3 != 0 {
                            let value = 1_000 * (d + 1) * (a + 2) * (c + 3) + quarter * 17 + (flow == "E" ? 0 : 5)
                            lines.append("\(flow);\(quarter);2024;\(departement);00;\(activity.0);\(activity.1);\(country);\(value);1")
                        }
                    }
                }
            }
        }
        let url = directory.appendingPathComponent("trade.txt")
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        return url
    }
}
