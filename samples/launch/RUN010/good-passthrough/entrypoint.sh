#!/bin/sh
# A mode switch: what gunicorn serves, and with which workers, is in the arguments the deployment passes, so this
# line says nothing about them.
if [ "$1" = "gunicorn" ]; then
  shift
  exec gunicorn "$@"
fi
exec "$@"
