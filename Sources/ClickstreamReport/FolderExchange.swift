import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Swaps two folders in one step where the system allows it: Linux's
/// `renameat2(RENAME_EXCHANGE)` (glibc 2.28 and later, looked up at run time since the C
/// module does not export it), so a reader sees either the old folder or the new one and a
/// kill at any moment leaves one of them in place. Elsewhere, or on a file system without
/// it, two renames, with the old folder restored if the second fails.
enum FolderExchange {
    /// Puts `new` at `target` and the previous `target` at `new`. Returns false when it had
    /// to use two renames.
    @discardableResult
    static func exchange(_ new: URL, _ target: URL) throws -> Bool {
        #if os(Linux)
        if let exchange = renameExchange {
            if exchange(AT_FDCWD, new.path, AT_FDCWD, target.path, 2 /* RENAME_EXCHANGE */) == 0 { return true }
            let code = errno
            guard code == EINVAL || code == ENOSYS || code == EXDEV else {
                throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)
            }
        }
        #endif
        let aside = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).exchange-\(getpid())")
        try FileManager.default.moveItem(at: target, to: aside)
        do {
            try FileManager.default.moveItem(at: new, to: target)
        } catch {
            try? FileManager.default.moveItem(at: aside, to: target)
            throw error
        }
        try FileManager.default.moveItem(at: aside, to: new)
        return false
    }

    #if os(Linux)
    private typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
    private static let renameExchange: RenameAt2? = {
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "renameat2") else { return nil }
        return unsafeBitCast(symbol, to: RenameAt2.self)
    }()
    #endif
}
