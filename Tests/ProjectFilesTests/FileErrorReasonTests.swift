import Foundation
import Testing
@testable import ProjectFiles

/// Foundation's file errors, which print as `Error Domain=NSCocoaErrorDomain Code=257 …`, said
/// in plain words. (As root, `chmod 000` does not stop a read: the errors are built by code.)
@Suite struct FileErrorReasonTests {
    @Test func aFolderOrFileThatCannotBeReadSaysPermissionDenied() {
        #expect(plainReason(of: CocoaError(.fileReadNoPermission, userInfo: [NSFilePathErrorKey: "/data"])) == "permission denied")
        #expect(plainReason(of: NSError(domain: NSPOSIXErrorDomain, code: Int(EACCES))) == "permission denied")
        #expect(plainReason(of: POSIXError(.EACCES)) == "permission denied")
        let wrapped = NSError(domain: NSCocoaErrorDomain, code: 256,
                              userInfo: [NSUnderlyingErrorKey: NSError(domain: NSPOSIXErrorDomain, code: Int(EACCES))])
        #expect(plainReason(of: wrapped) == "permission denied")
    }

    @Test func aFullDiskSaysSo() {
        #expect(plainReason(of: CocoaError(.fileWriteOutOfSpace)) == "the disk is full")
        #expect(plainReason(of: POSIXFileError(path: "/out/x.zip", doing: "write", code: ENOSPC)) == "the disk is full")
        #expect("\(POSIXFileError(path: "/out/x.zip", doing: "write", code: ENOSPC))" == "cannot write /out/x.zip: the disk is full")
    }

    @Test func otherErrorsKeepTheirOwnWordsNeverFoundationsDomainAndCode() {
        #expect(plainReason(of: NSError(domain: NSPOSIXErrorDomain, code: Int(EMFILE))) == String(cString: strerror(EMFILE)))
        #expect(!plainReason(of: CocoaError(.fileReadNoSuchFile)).contains("Domain"))
    }
}
