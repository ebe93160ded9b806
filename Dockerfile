FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app

COPY pyproject.toml README.md ./
RUN pip install --upgrade pip && pip install .
COPY . .
RUN pip install --no-deps -e . \
 && DEBUG=0 SECRET_KEY=alleen-voor-de-build-van-statische-bestanden-niet-geheim python manage.py collectstatic --no-input \
 && useradd --create-home portaal && mkdir -p /app/var && chown -R portaal /app/var
USER portaal

EXPOSE 8000
CMD ["gunicorn", "portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
