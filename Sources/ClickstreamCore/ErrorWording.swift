import Foundation

extension ClickstreamError {
    /// A system error in plain words ("permission denied", "no space left on device"), never
    /// Foundation's "The operation could not be completed" or "NSCocoaErrorDomain error 512".
    public static func plainWords(_ error: any Error) -> String {
        let ns = error as NSError
        if ns.domain == NSPOSIXErrorDomain { return posixWords(Int32(ns.code)) }
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return posixWords(Int32(underlying.code))
        }
        if ns.domain == NSCocoaErrorDomain {
            switch CocoaError.Code(rawValue: ns.code) {
            case .fileNoSuchFile, .fileReadNoSuchFile: return "no such file or folder"
            case .fileWriteNoPermission, .fileReadNoPermission: return "permission denied"
            case .fileWriteOutOfSpace: return "no space left on device"
            case .fileWriteFileExists: return "a file of that name is in the way"
            case .fileWriteVolumeReadOnly: return "read-only file system"
            case .fileWriteInvalidFileName, .fileReadInvalidFileName: return "not a valid file name"
            case .fileLocking: return "the file is locked"
            default: return "the file system refused (code \(ns.code))"
            }
        }
        if let error = error as? ClickstreamError { return error.message }
        return String(describing: error)
    }

    /// `strerror` in lower case.
    package static func posixWords(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "system error \(code)" }
        return String(cString: text).lowercased()
    }
}
