import Foundation
import Testing

/// What a `fiche` process loads when it starts: every command pays for it, `fiche inspect`
/// (a tenth of a second) most of all.
@Suite struct ProcessStartTests {
    /// libcurl and the 25 libraries it needs are opened by the first mail transport
    /// (Sources/CCurl/shim.h; the SMTP tests send through it), not linked: the other commands
    /// start without them.
    @Test func libcurlIsNotLinked() throws {
        let ldd = Process()
        ldd.executableURL = URL(fileURLWithPath: "/usr/bin/ldd")
        ldd.arguments = [FicheTool.executable.path]
        let out = Pipe()
        ldd.standardOutput = out
        try ldd.run()
        let libraries = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        ldd.waitUntilExit()
        #expect(ldd.terminationStatus == 0)
        #expect(libraries.contains("libc.so.6"))
        #expect(!libraries.contains("libcurl"), "\(libraries)")
    }
}
