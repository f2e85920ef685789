import ArgumentParser
import ClickstreamKit

struct Inject: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "placeholder")
    func run() throws {}
}
