@testable import ClickstreamCore
@testable import ClickstreamIngest
import ClickstreamTestSupport
import Testing

/// A file with its own column and event names, mapped to the roles the tool reads, gives
/// the cube of the same events in the Retail Rocket layout.
struct InputMappingTests {
    static var mapped: IngestOptions {
        var options = IngestOptions()
        options.columns.time = "event_time"
        options.columns.visitor = "user_pseudo_id"
        options.columns.event = "event_name"
        options.columns.item = nil
        options.columns.transaction = "transaction_id"
        options.events.view = ["page_view", "view_item"]
        options.events.addtocart = ["add_to_cart"]
        options.events.transaction = ["purchase"]
        options.dimensions = DimensionSchema(["device_category", "operating_system", "browser"])
        return options
    }

    @Test func ownNamesGiveTheStandardCube() throws {
        let n = CSVFixtures.noon
        let standard = try CSVFixtures.ingest(CSVFixtures.enriched([
            CSVFixtures.row(n, visitor: 1), CSVFixtures.row(n, visitor: 1), CSVFixtures.row(n, visitor: 2, event: "addtocart"),
            CSVFixtures.row(n, visitor: 2, event: "transaction", transaction: "7"),
        ]))
        // Columns in another order, an extra column, no item column, two names for a view.
        let own = """
            event_name,extra,user_pseudo_id,event_time,transaction_id,device_category,operating_system,browser
            page_view,x,1,\(n),,Mobile,iOS,Safari
            view_item,x,1,\(n),,Mobile,iOS,Safari
            add_to_cart,x,2,\(n),,Mobile,iOS,Safari
            purchase,x,2,\(n),7,Mobile,iOS,Safari
            click,x,3,\(n),,Mobile,iOS,Safari

            """
        let mapped = try CSVFixtures.ingest(own, options: Self.mapped)
        #expect(mapped.cube.cells == standard.cube.cells && mapped.cube.segments.map(\.values) == standard.cube.segments.map(\.values))
        #expect(mapped.report.accepted == 4 && mapped.report.transactionsWithoutID == 0)
        #expect(mapped.report.rejects.first?.message == "event_name: expected one of page_view, view_item, add_to_cart, purchase, found \"click\"")
    }

    @Test func aMissingMappedColumnIsNamedWithTheHeader() {
        #expect {
            _ = try CSVFixtures.ingest("event_name,user_pseudo_id,time\nview,1,5\n", options: Self.mapped)
        } throws: { error in
            "\(error)".contains("missing column event_time, transaction_id, device_category, operating_system, browser; found \"event_name\", \"user_pseudo_id\", \"time\"")
        }
    }
}
