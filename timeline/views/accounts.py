"""Login with throttling of failed attempts (per account and per address)."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.utils.decorators import method_decorator
from django.views.decorators.debug import sensitive_post_parameters

from timeline import login_throttle

LOCKED_MESSAGE = (
    "Too many failed login attempts. For your security, logging in to this account from here "
    "is paused for 15 minutes."
)


@method_decorator(sensitive_post_parameters("password"), name="dispatch")
class ThrottledLoginView(auth_views.LoginView):
    def post(self, request, *args, **kwargs):
        username = request.POST.get("username", "")
        address = request.META.get("REMOTE_ADDR", "")
        if login_throttle.is_locked(username, address):
            form = self.get_form()
            form.errors.clear()
            form.add_error(None, LOCKED_MESSAGE)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        login_throttle.record_failure(
            self.request.POST.get("username", ""), self.request.META.get("REMOTE_ADDR", "")
        )
        return super().form_invalid(form)

    def form_valid(self, form):
        login_throttle.clear_account(
            form.get_user().get_username(), self.request.META.get("REMOTE_ADDR", "")
        )
        return super().form_valid(form)


login = ThrottledLoginView.as_view()


def admin_login(request):
    """The admin logs in through the same throttled login page."""
    next_url = request.GET.get("next", "/admin/")
    return redirect_to_login(next_url, login_url="login")
