import CCrypto
import Foundation

/// SHA-256 through Debian's libcrypto (OpenSSL 3): manifests, input fingerprints and
/// MIME boundaries need one hash, which does not justify compiling a TLS stack from source.
///
/// A value is used by one thread at a time (it is not `Sendable`); `finalize()` may be
/// called once.
package final class SHA256 {
    private let context: OpaquePointer

    /// A hasher over no bytes yet.
    package init() {
        // Allocation failure of a 200-byte context leaves nothing sensible to do.
        guard let context = EVP_MD_CTX_new(), EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else {
            fatalError("libcrypto could not set up a SHA-256 context")
        }
        self.context = context
    }

    deinit { EVP_MD_CTX_free(context) }

    /// Adds bytes to the hash.
    package func update(_ data: Data) {
        data.withUnsafeBytes { update($0) }
    }

    /// Adds raw bytes to the hash.
    func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        EVP_DigestUpdate(context, base, bytes.count)
    }

    /// The 32-byte digest of everything added.
    func finalize() -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        EVP_DigestFinal_ex(context, &digest, &length)
        return Array(digest.prefix(Int(length)))
    }

    /// Lowercase hexadecimal digest of everything added.
    package func finalizeHex() -> String { Self.hex(finalize()) }

    /// Lowercase hexadecimal SHA-256 of `data`.
    package static func hex(of data: Data) -> String {
        let hasher = SHA256()
        hasher.update(data)
        return hasher.finalizeHex()
    }

    /// Lowercase hexadecimal SHA-256 of a string's UTF-8 bytes.
    package static func hex(of string: String) -> String { hex(of: Data(string.utf8)) }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
