// swift-tools-version:6.0
// The "Territoires d'industrie" foreign-trade fiches: customs data in, print-ready PDF out.
import PackageDescription

let package = Package(
    name: "fiche",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "fiche", targets: ["fiche"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // Customs file reader, reference tables, display names, aggregation, demo year.
        .target(
            name: "TradeData",
            dependencies: [.product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        // The command-line tool: demo-data, inspect, charts, render, bulk, mail, bench.
        .executableTarget(
            name: "fiche",
            dependencies: [
                "TradeData",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "TradeDataTests", dependencies: ["TradeData"]),
    ],
    swiftLanguageModes: [.v5]
)
