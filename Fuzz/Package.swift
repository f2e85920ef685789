// swift-tools-version:5.4
// A separate package at tools-version 5.4: with libFuzzer supplying `main`, newer tools
// versions fail to link an executable target (see ../shared/CHECKS.md).
import PackageDescription

let package = Package(
    name: "ClickstreamFuzz",
    dependencies: [.package(name: "clickstream", path: "..")],
    targets: [
        .executableTarget(
            name: "ClickstreamFuzz",
            dependencies: [.product(name: "ClickstreamIngest", package: "clickstream")]
        ),
        .executableTarget(
            name: "ClickstreamParquetFuzz",
            dependencies: [.product(name: "ClickstreamIngest", package: "clickstream")]
        ),
        .executableTarget(
            name: "ClickstreamKafkaFuzz",
            dependencies: [.product(name: "ClickstreamIngest", package: "clickstream")]
        ),
    ]
)
