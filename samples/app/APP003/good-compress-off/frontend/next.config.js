// compress: false: the proxied stream is piped as it comes (compression is left to the proxy in front).
const nextConfig = {
  output: "standalone",
  compress: false,
  async rewrites() {
    return [
      {
        source: "/api/:path*",
        destination: "http://127.0.0.1:8000/:path*",
      },
    ];
  },
};

module.exports = nextConfig;
