// A self-hosted frontend that proxies the API (and its token stream) to the FastAPI backend.
const nextConfig = {
  output: "standalone",
  async rewrites() {
    return [
      {
        // expect: APP003
        source: "/api/:path*",
        destination: "http://127.0.0.1:8000/:path*",
      },
    ];
  },
};

module.exports = nextConfig;
