#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Why a file operation failed, in the user's words ("permission denied", "the disk is
/// full"), from Foundation's errors (`NSCocoaErrorDomain` codes, `NSPOSIXErrorDomain`
/// errnos), a POSIX error or the tool's own `POSIXFileError`; never Foundation's
/// `Error Domain=… Code=…` text.
package func plainReason(of error: Error) -> String {
    if let error = error as? POSIXFileError { return FileErrorWords.errno(error.code) ?? error.reason }
    if let error = error as? POSIXError { return FileErrorWords.errno(error.code.rawValue) ?? String(cString: strerror(error.code.rawValue)) }
    let nsError = error as NSError
    if nsError.domain == NSPOSIXErrorDomain {
        let code = Int32(truncatingIfNeeded: nsError.code)
        return FileErrorWords.errno(code) ?? String(cString: strerror(code))
    }
    if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
        return plainReason(of: underlying)
    }
    if nsError.domain == NSCocoaErrorDomain, let words = FileErrorWords.cocoa(nsError.code) { return words }
    return "\(error)"
}

/// The words for the failures a user can act on.
enum FileErrorWords {
    static func errno(_ code: Int32) -> String? {
        switch code {
        case ENOSPC: return "the disk is full"
        case EDQUOT: return "the disk quota is exhausted"
        case EACCES, EPERM: return "permission denied"
        case EROFS: return "the file system is read-only"
        case ENOENT: return "no such file or folder"
        case EISDIR: return "it is a folder"
        case ENOTDIR: return "a part of the path is not a folder"
        case EIO: return "input/output error (a failing disk?)"
        default: return nil
        }
    }

    /// `CocoaError.Code` raw values (Foundation on Linux gives these without an underlying errno).
    static func cocoa(_ code: Int) -> String? {
        switch code {
        case CocoaError.fileReadNoPermission.rawValue, CocoaError.fileWriteNoPermission.rawValue: return "permission denied"
        case CocoaError.fileNoSuchFile.rawValue, CocoaError.fileReadNoSuchFile.rawValue: return "no such file or folder"
        case CocoaError.fileWriteOutOfSpace.rawValue: return "the disk is full"
        case CocoaError.fileWriteVolumeReadOnly.rawValue: return "the file system is read-only"
        case CocoaError.fileReadCorruptFile.rawValue: return "the file is damaged"
        case CocoaError.fileReadTooLarge.rawValue: return "the file is too large"
        case CocoaError.fileReadUnknown.rawValue: return "it cannot be read"
        case CocoaError.fileWriteUnknown.rawValue: return "it cannot be written"
        default: return nil
        }
    }
}
