"""Login and password reset, each with limits on attempts (see `timeline.login_throttle`)."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.utils.decorators import method_decorator
from django.views.decorators.debug import sensitive_post_parameters

from timeline import login_throttle

LOCKED_MESSAGE = (
    "Too many failed login attempts. For your security, logging in to this account from here "
    "is paused for 15 minutes."
)
RESET_LIMITED_MESSAGE = (
    "Too many password reset requests from here. Wait an hour, or ask an administrator."
)
# Password reset requests: per client address, and per e-mail address asked for, an hour.
RESETS_PER_ADDRESS = 5
RESETS_PER_EMAIL = 3
RESET_WINDOW_SECONDS = 3600


@method_decorator(sensitive_post_parameters("password"), name="dispatch")
class ThrottledLoginView(auth_views.LoginView):
    def post(self, request, *args, **kwargs):
        self.attempt = login_throttle.Attempt(request, request.POST.get("username", ""))
        if not self.attempt.claim():
            form = self.get_form()
            form.errors.clear()
            form.add_error(None, LOCKED_MESSAGE)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        self.attempt.succeeded()
        response = super().form_valid(form)
        # This browser has logged in to the account: a flood of failures from elsewhere
        # does not lock it out (see timeline.login_throttle).
        response.set_cookie(
            login_throttle.DEVICE_COOKIE,
            login_throttle.device_token(form.get_user().get_username()),
            max_age=login_throttle.DEVICE_COOKIE_MAX_AGE,
            httponly=True,
            secure=settings.SESSION_COOKIE_SECURE,
            samesite="Lax",
        )
        return response


login = ThrottledLoginView.as_view()


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    """Django's password reset, with a bound on the mail it sends for one client or address."""

    def post(self, request, *args, **kwargs):
        address = login_throttle.client_address(request)
        email = login_throttle.account_name(request.POST.get("email", ""))
        over = login_throttle.limited(
            "reset-address", address, limit=RESETS_PER_ADDRESS, window=RESET_WINDOW_SECONDS
        )
        over = (
            login_throttle.limited(
                "reset-email", email, limit=RESETS_PER_EMAIL, window=RESET_WINDOW_SECONDS
            )
            or over
        )
        if over:
            form = self.get_form()
            form.errors.clear()
            form.add_error(None, RESET_LIMITED_MESSAGE)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)


password_reset = ThrottledPasswordResetView.as_view()


def admin_login(request):
    """The admin logs in through the same throttled login page."""
    next_url = request.GET.get("next", "/admin/")
    return redirect_to_login(next_url, login_url="login")
