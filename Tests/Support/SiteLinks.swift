import Foundation

/// The links of a site's pages that lead nowhere: to no file of the site, to no id on the
/// page they name, or out of the site.
package enum SiteLinks {
    package static func broken(_ files: [String: Data]) -> [String] {
        var broken: [String] = []
        for (name, data) in files.sorted(by: { $0.key < $1.key }) where name.hasSuffix(".html") {
            let html = String(decoding: data, as: UTF8.self)
            let folder = name.contains("/") ? String(name[..<name.lastIndex(of: "/")!]) : ""
            for link in hrefs(html) {
                if link.contains("://") || link.hasPrefix("//") {
                    broken.append("\(name): \(link) leaves the site")
                    continue
                }
                let pieces = link.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                let target = pieces[0].isEmpty ? name : resolve(pieces[0].replacingOccurrences(of: "&amp;", with: "&"), from: folder)
                guard let targetData = files[target] else {
                    broken.append("\(name): \(link) names no file of the site")
                    continue
                }
                if pieces.count == 2, !ids(String(decoding: targetData, as: UTF8.self)).contains(pieces[1]) {
                    broken.append("\(name): \(link) names no id there")
                }
            }
        }
        return broken
    }

    /// The hrefs of a page.
    package static func hrefs(_ html: String) -> [String] {
        html.components(separatedBy: "href=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
    }

    /// The ids a page defines.
    static func ids(_ html: String) -> Set<String> {
        Set(html.components(separatedBy: " id=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) })
    }

    /// `link` from a page in `folder` ("" or "segments"), as a path from the site's root.
    static func resolve(_ link: String, from folder: String) -> String {
        var parts = folder.split(separator: "/").map(String.init)
        for part in link.split(separator: "/", omittingEmptySubsequences: false).map(String.init) {
            if part == ".." { _ = parts.popLast() } else { parts.append(part) }
        }
        return parts.joined(separator: "/")
    }
}
