@testable import Checksums
import Foundation
import Testing

@Suite struct SHA256Tests {
    @Test func matchesThePublishedTestVectors() {
        // FIPS 180-2 examples.
        #expect(SHA256.hex(of: "") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(of: "abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func incrementalUpdatesEqualOneShot() {
        let text = String(repeating: "Territoires d’industrie ", count: 1000)
        let hasher = SHA256()
        for chunk in text.split(separator: " ", omittingEmptySubsequences: false) {
            hasher.update(Data(chunk.utf8))
            hasher.update(Data(" ".utf8))
        }
        // The split loop adds one trailing space too many.
        #expect(hasher.finalizeHex() == SHA256.hex(of: text + " "))
    }
}
