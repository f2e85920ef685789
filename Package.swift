// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "clickstream",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "clickstream", targets: ["clickstream"]),
        .library(name: "ClickstreamKit", targets: ["ClickstreamKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .target(name: "ClickstreamKit"),
        .executableTarget(
            name: "clickstream",
            dependencies: [
                "ClickstreamKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "ClickstreamKitTests", dependencies: ["ClickstreamKit"]),
        .testTarget(name: "ClickstreamCommandTests", dependencies: ["clickstream"]),
    ]
)
