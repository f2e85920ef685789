@testable import ClickstreamCore
@testable import ClickstreamIngest
@testable import ClickstreamReport
@testable import ClickstreamSynthetic
import ClickstreamTestSupport
import Foundation
import Testing

/// Publishing never deletes what the tool did not write, and a kill between any two steps
/// leaves a whole site (old or new) that the next run completes.
struct SiteWriterTests {
    let old: [String: Data] = ["index.html": Data("old".utf8), "charts/a.svg": Data("<svg/>".utf8), "results.json": Data("{\"toolVersion\" : \"0\"}".utf8)]
    let new: [String: Data] = ["index.html": Data("new".utf8), "style.css": Data("x".utf8), "results.json": Data("{\"toolVersion\" : \"1\"}".utf8),
                               "charts/b.svg": Data("<svg/>".utf8)]

    /// The user's additions to a published site.
    func addUserEntries(_ dir: TemporaryDirectory) throws {
        try FileManager.default.createDirectory(atPath: dir.file("Site/.git"), withIntermediateDirectories: true)
        dir.write("Site/.git/HEAD", "ref: refs/heads/main\n")
        dir.write("Site/CNAME", "conversion.example\n")
    }

    func expectSite(_ dir: TemporaryDirectory, _ files: [String: Data], userEntries: Bool, _ comment: Comment? = nil) throws {
        for (path, data) in files { #expect(dir.read("Site/" + path) == Array(data), comment) }
        let listed = try FileManager.default.contentsOfDirectory(atPath: dir.file("Site")).sorted()
        var expected = Set(files.keys.map { String($0.split(separator: "/")[0]) }).union([SiteManifest.fileName])
        if userEntries { expected.formUnion([".git", "CNAME"]) }
        #expect(listed == expected.sorted(), comment)
        if userEntries {
            #expect(dir.read("Site/CNAME") == Array("conversion.example\n".utf8), comment)
            #expect(dir.read("Site/.git/HEAD") == Array("ref: refs/heads/main\n".utf8), comment)
        }
    }

    @Test func aRepublishKeepsTheUsersEntries() throws {
        let dir = TemporaryDirectory()
        try SiteWriter.write(old, to: dir.file("Site"))
        try addUserEntries(dir)
        try SiteWriter.write(new, to: dir.file("Site"))
        try expectSite(dir, new, userEntries: true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["Site"])
        #expect(String(decoding: dir.read("Site/" + SiteManifest.fileName), as: UTF8.self).hasSuffix("charts\nindex.html\nresults.json\nstyle.css\n"))
    }

    @Test func aFailedWriteLeavesTheOldSiteUntouched() throws {
        let dir = TemporaryDirectory()
        try SiteWriter.write(old, to: dir.file("Site"))
        #expect(throws: ClickstreamError.self) { try SiteWriter.write(new, to: dir.file("Site"), failAfterFiles: 2) }
        try expectSite(dir, old, userEntries: false)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["Site"])
    }

    /// A kill after each step: the target is then the whole old or the whole new site, and
    /// the next run publishes the new one with the user's entries and no folder left over.
    @Test(arguments: SiteWriter.Step.allCases)
    func aKillBetweenStepsLosesNothing(_ step: SiteWriter.Step) throws {
        let dir = TemporaryDirectory()
        try SiteWriter.write(old, to: dir.file("Site"))
        try addUserEntries(dir)
        #expect(throws: SiteWriter.SimulatedStop.self) { try SiteWriter.write(new, to: dir.file("Site"), stopAfter: step) }
        let live = String(decoding: dir.read("Site/index.html"), as: UTF8.self)
        #expect(live == (step == .exchanged || step == .userEntriesMoved ? "new" : "old"), "\(step)")
        // The folder a killed run left is named after a process that is gone: rename it so.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0 != "Site" }
        for name in leftovers {
            try FileManager.default.moveItem(atPath: dir.file(name), toPath: dir.file(".Site.building-999999"))
        }
        try SiteWriter.write(new, to: dir.file("Site"))
        try expectSite(dir, new, userEntries: true, "\(step)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["Site"], "\(step)")
    }

    @Test func aSiteFromBeforeTheMarkerIsRecognised() throws {
        let dir = TemporaryDirectory()
        for (path, data) in old {
            try FileManager.default.createDirectory(atPath: (dir.file("Site/" + path) as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            dir.write("Site/" + path, Array(data))
        }
        dir.write("Site/CNAME", "conversion.example\n")
        try SiteTarget.check(dir.file("Site"), inputs: [])
        try SiteWriter.write(new, to: dir.file("Site"))
        #expect(dir.read("Site/CNAME") == Array("conversion.example\n".utf8))
        #expect(dir.read("Site/index.html") == Array("new".utf8))
    }

    @Test func outRefusesWhatIsNotASite() throws {
        let dir = TemporaryDirectory()
        func refused(_ path: String, inputs: [String] = [], environment: [String: String] = [:]) -> Bool {
            do {
                try SiteTarget.check(path, inputs: inputs, environment: environment)
                return false
            } catch {
                return error.isUsage && error.message.contains("--out takes a new folder")
            }
        }
        dir.write("thesis.docx", "x")
        try FileManager.default.createDirectory(atPath: dir.file("v"), withIntermediateDirectories: true)
        dir.write("v/thesis.docx", "x")
        try FileManager.default.createDirectory(atPath: dir.file("batches/b"), withIntermediateDirectories: true)
        dir.write("batches/b/1.csv", "timestamp\n")
        try FileManager.default.createDirectory(atPath: dir.file("empty"), withIntermediateDirectories: true)
        #expect(refused(dir.file("thesis.docx")))                               // a regular file
        #expect(refused(dir.file("v")))                                         // a folder of the user's
        #expect(refused(dir.file("batches/b"), inputs: [dir.file("batches/b")])) // holds the input
        #expect(refused(dir.file("batches"), inputs: [dir.file("batches/b/1.csv")]))
        #expect(refused(dir.path, environment: ["HOME": dir.path]))             // the home folder
        #expect(refused(FileManager.default.currentDirectoryPath))              // the current folder
        #expect(refused("/"))
        #expect(!refused(dir.file("new-site")))                                 // does not exist yet
        #expect(!refused(dir.file("empty")))
        try SiteWriter.write(new, to: dir.file("Site"))
        #expect(!refused(dir.file("Site")))                                     // a site this tool wrote
        #expect(dir.read("v/thesis.docx") == Array("x".utf8))
    }
}
