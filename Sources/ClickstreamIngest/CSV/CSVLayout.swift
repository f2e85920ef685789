/// The two CSV layouts of SPEC section 1.
public enum CSVLayout: String, Codable, Sendable {
    /// `timestamp,visitorid,event,itemid,transactionid` (the public Retail Rocket file).
    case raw
    /// The raw columns followed by `device,os,browser`.
    case enriched

    /// The header line this tool writes for the layout.
    public var header: String {
        switch self {
        case .raw: "timestamp,visitorid,event,itemid,transactionid"
        case .enriched: "timestamp,visitorid,event,itemid,transactionid,device,os,browser"
        }
    }
}
