// swift-tools-version: 6.1
import PackageDescription

/// On x86-64, code for CPUs from 2008 on (Nehalem: SSE4.2 and POPCNT) rather than the
/// 2003 baseline: the reader's scan counts bits in every 64 bytes, and a POPCNT
/// instruction does that in one step (3 % fewer instructions, 4 % faster ingest). No
/// fused multiply-add comes with it, so every number is computed exactly as before.
#if arch(x86_64)
let cpuSettings: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "nehalem"])]
#else
let cpuSettings: [SwiftSetting] = []
#endif

let package = Package(
    name: "clickstream",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "clickstream", targets: ["clickstream"]),
        // The reader alone, for the fuzzing package in Fuzz/.
        .library(name: "ClickstreamIngest", targets: ["ClickstreamCore", "ClickstreamIngest"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(name: "CIsal", pkgConfig: "libisal", providers: [.apt(["libisal-dev"])]),
        .systemLibrary(name: "CSnappy", pkgConfig: "snappy", providers: [.apt(["libsnappy-dev"])]),
        .systemLibrary(name: "CLz4", pkgConfig: "liblz4", providers: [.apt(["liblz4-dev"])]),
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        // glibc's malloc.h (part of libc6-dev, which every Swift toolchain needs).
        .systemLibrary(name: "CMalloc"),
        // The report's default templates, compiled into the binary so it works from any folder.
        .target(
            name: "ClickstreamTemplates",
            path: "Templates",
            exclude: ["README.md"],
            resources: [
                .embedInCode("layout.html"), .embedInCode("style.css"),
                .embedInCode("summary.md"), .embedInCode("traffic.md"), .embedInCode("rootcause.md"), .embedInCode("drilldown.md"),
                .embedInCode("funnel.md"), .embedInCode("detector.md"), .embedInCode("validation.md"), .embedInCode("scorecard.md"),
                .embedInCode("methods.md"), .embedInCode("quality.md"),
                .embedInCode("segments.md"), .embedInCode("segment.md"), .embedInCode("segment.html"),
            ]
        ),
        // The data flow, one target per stage; dependencies run one way (README "The pipeline").
        .target(name: "ClickstreamCore", swiftSettings: cpuSettings),
        .target(name: "ClickstreamIngest", dependencies: ["ClickstreamCore", "CIsal", "CZstd", "CZlib", "CSnappy", "CLz4", "CLibPQ", "CCurl"], swiftSettings: cpuSettings),
        .target(name: "ClickstreamAnalysis", dependencies: ["ClickstreamCore"]),
        // Optimised in debug builds too: the tests generate millions of events, which takes
        // 25 s unoptimised and 3 s optimised (the bytes are the same either way).
        .target(name: "ClickstreamSynthetic", dependencies: ["ClickstreamCore", "ClickstreamIngest"],
                swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]),
        .target(name: "ClickstreamEvaluation",
                dependencies: ["ClickstreamCore", "ClickstreamIngest", "ClickstreamAnalysis", "ClickstreamSynthetic"]),
        .target(name: "ClickstreamCharts", dependencies: ["ClickstreamCore", "ClickstreamAnalysis"]),
        .target(
            name: "ClickstreamReport",
            dependencies: [
                "ClickstreamCore", "ClickstreamAnalysis", "ClickstreamCharts",
                "CCmarkGFM", "ClickstreamTemplates",
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        // Inputs + settings → analysis → site: what the command and the tests both call.
        .target(
            name: "ClickstreamPipeline",
            dependencies: [
                "ClickstreamCore", "ClickstreamIngest", "ClickstreamAnalysis", "ClickstreamSynthetic",
                "ClickstreamEvaluation", "ClickstreamReport",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(
            name: "clickstream",
            dependencies: [
                "ClickstreamCore", "ClickstreamIngest", "ClickstreamAnalysis", "ClickstreamSynthetic",
                "ClickstreamEvaluation", "ClickstreamReport", "ClickstreamPipeline",
                .target(name: "CMalloc", condition: .when(platforms: [.linux])),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Tests mirror the library targets; ClickstreamTestSupport holds what several share.
        .target(name: "ClickstreamTestSupport", dependencies: ["ClickstreamCore", "ClickstreamIngest", "ClickstreamAnalysis", "ClickstreamSynthetic", "ClickstreamEvaluation", "CZlib", "CZstd", "CSnappy", "CLz4"], path: "Tests/Support"),
        .testTarget(name: "ClickstreamCoreTests", dependencies: ["ClickstreamCore", "ClickstreamIngest", "ClickstreamAnalysis", "ClickstreamSynthetic", "ClickstreamTestSupport"]),
        .testTarget(name: "ClickstreamIngestTests", dependencies: ["ClickstreamCore", "ClickstreamIngest", "ClickstreamAnalysis", "ClickstreamSynthetic", "ClickstreamReport", "ClickstreamTestSupport"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "ClickstreamAnalysisTests", dependencies: ["ClickstreamCore", "ClickstreamIngest", "ClickstreamAnalysis", "ClickstreamSynthetic", "ClickstreamEvaluation", "ClickstreamReport", "ClickstreamTestSupport"]),
        .testTarget(name: "ClickstreamSyntheticTests", dependencies: ["ClickstreamCore", "ClickstreamIngest", "ClickstreamAnalysis", "ClickstreamSynthetic", "ClickstreamReport", "ClickstreamTestSupport"]),
        .testTarget(name: "ClickstreamEvaluationTests", dependencies: ["ClickstreamCore", "ClickstreamIngest", "ClickstreamAnalysis", "ClickstreamSynthetic", "ClickstreamEvaluation", "ClickstreamTestSupport"]),
        .testTarget(name: "ClickstreamChartsTests", dependencies: ["ClickstreamCore", "ClickstreamAnalysis", "ClickstreamCharts", "ClickstreamTestSupport"]),
        .testTarget(name: "ClickstreamReportTests", dependencies: ["ClickstreamCore", "ClickstreamIngest", "ClickstreamAnalysis", "ClickstreamSynthetic", "ClickstreamEvaluation", "ClickstreamReport", "ClickstreamTestSupport"]),
        .testTarget(name: "ClickstreamPipelineTests",
                    dependencies: ["ClickstreamCore", "ClickstreamIngest", "ClickstreamAnalysis", "ClickstreamSynthetic", "ClickstreamPipeline", "ClickstreamTestSupport"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "ClickstreamCommandTests", dependencies: ["clickstream", "ClickstreamCore", "ClickstreamIngest", "ClickstreamSynthetic", "ClickstreamPipeline", "ClickstreamTestSupport"]),
    ]
)
