FROM nginx:1.26.3-alpine
# A config written by a heredoc: linted at the Dockerfile's own lines (the image pins nginx 1.26.3).
COPY <<'NGINX' /etc/nginx/conf.d/default.conf
server {
    listen 80;
    location /api/stream {
        proxy_buffering off;
        proxy_pass http://api:8000;
    }
}
NGINX
